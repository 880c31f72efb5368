import type { InjectionToken } from 'tsyringe';

/** One POST to a webhook receiver. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What came back, or why nothing did. */
export type WebhookResponse =
  | { ok: true; code: number; headers: Record<string, string> }
  /** No usable answer: timeout, connection error, refused address, redirect. `retry` false = permanent. */
  | { ok: false; code: number | null; headers: Record<string, string>; error: string; retry: boolean };

/**
 * Sends webhook deliveries over the network. Implementations refuse restricted addresses at connect
 * time (so DNS cannot smuggle them in), time out slow receivers, cap the response bytes they read and
 * never follow redirects.
 */
export interface WebhookSender {
  /** Posts one delivery; never throws for receiver-side problems. */
  send(request: WebhookRequest, signal?: AbortSignal): Promise<WebhookResponse>;
}

/** DI token of the WebhookSender. */
export const WEBHOOK_SENDER: InjectionToken<WebhookSender> = Symbol.for('slipway.WebhookSender');
