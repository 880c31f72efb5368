import { webhookSenderContract } from '@slipway/testkit';
import { HttpWebhookSender } from './sender.js';

// allowPrivate: the contract's receiver is on loopback, which the sender refuses by default.
webhookSenderContract(
  'HttpWebhookSender',
  ({ timeoutMs, maxResponseBytes }) => {
    const sender = new HttpWebhookSender({ allowPrivate: true, timeoutMs, maxResponseBytes });
    return { sender, close: () => sender.close() };
  },
  { abortSignal: true },
);
