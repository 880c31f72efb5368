import { certIssuerContract } from '@slipway/testkit';
import { startPebblePeer, WRONG_ANSWER_SUFFIX } from '../test/pebble-peer.js';
import { acmeIssuer } from './acme-issuer.js';

certIssuerContract(
  'acme (pebble)',
  async () => {
    const peer = await startPebblePeer();
    const issuer = acmeIssuer({ directoryUrl: peer.pebble.directoryUrl, ca: peer.pebble.listenerCaPem, http01: peer.http01, dns01: peer.dns01, pollIntervalMs: 200 });
    return {
      issuer,
      rootPem: await peer.pebble.rootPem(),
      baseDomain: 'slipway.test',
      refused: { domains: [`www${WRONG_ANSWER_SUFFIX}`], reason: /wrong-answer\.test: .*key authorization/i },
      teardown: () => peer.stop(),
    };
  },
  { wildcard: true },
);
