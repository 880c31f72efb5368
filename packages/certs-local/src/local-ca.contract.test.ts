import { generateSecretKey } from '@slipway/core';
import { certIssuerContract } from '@slipway/testkit';
import { localCaIssuer } from './local-ca.js';
import { memoryCaRootStore } from './root-store.js';

certIssuerContract(
  'local-ca',
  async () => {
    const issuer = localCaIssuer({ secretKey: generateSecretKey(), store: memoryCaRootStore(), permittedSuffixes: ['.test'] });
    return {
      issuer,
      rootPem: await issuer.rootCertificatePem(),
      baseDomain: 'slipway.test',
      refused: { domains: ['www.example.org'], reason: /only for names under \.test; www\.example\.org/ },
    };
  },
  { wildcard: true },
);
