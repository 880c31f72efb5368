import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhooks } from '@octokit/webhooks';
import { UnauthorizedError, ValidationError, type WebhookDelivery } from '@slipway/core';

function header(headers: WebhookDelivery['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

async function sha256Matches(secret: string, body: string, signature: string): Promise<boolean> {
  // @octokit/webhooks compares timing-safe; it throws on an empty body, which can never be a valid delivery.
  return new Webhooks({ secret }).verify(body, signature).catch(() => false);
}

function sha1Matches(secret: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(`sha1=${createHmac('sha1', secret).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A delivery whose signature checked out: its event name, delivery id, hook id and parsed payload. */
export interface VerifiedDelivery {
  event: string;
  delivery_id: string;
  hook_id: string | null;
  payload: Record<string, unknown>;
}

/**
 * Checks `X-Hub-Signature-256` against any of `secrets`, or `X-Hub-Signature` (SHA-1) only when no SHA-256 header is
 * present (old GitHub Enterprise Server): a wrong SHA-256 signature is never rescued by a SHA-1 one. Then parses
 * the JSON body (or the `payload` field of a form-encoded one).
 */
export async function verifyDelivery(delivery: WebhookDelivery, secret: string | string[]): Promise<VerifiedDelivery> {
  const secrets = (Array.isArray(secret) ? secret : [secret]).filter(Boolean);
  if (!secrets.length) throw new ValidationError('no webhook secret to verify the delivery with');
  const event = header(delivery.headers, 'x-github-event');
  const id = header(delivery.headers, 'x-github-delivery');
  if (!event) throw new ValidationError('delivery has no X-GitHub-Event header');
  if (!id) throw new ValidationError('delivery has no X-GitHub-Delivery header');
  const raw = typeof delivery.body === 'string' ? Buffer.from(delivery.body, 'utf8') : Buffer.from(delivery.body);
  const body = raw.toString('utf8');
  const sig256 = header(delivery.headers, 'x-hub-signature-256');
  const sig1 = header(delivery.headers, 'x-hub-signature');
  let ok = false;
  if (sig256) {
    for (const s of secrets) if (await sha256Matches(s, body, sig256)) ok = true;
  } else if (sig1) {
    for (const s of secrets) if (sha1Matches(s, raw, sig1)) ok = true;
  } else {
    throw new UnauthorizedError('delivery is not signed');
  }
  if (!ok) throw new UnauthorizedError('delivery signature does not match');
  const type = header(delivery.headers, 'content-type') ?? 'application/json';
  const json = type.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(body).get('payload') : body;
  let payload: unknown;
  try {
    payload = JSON.parse(json ?? '');
  } catch {
    throw new ValidationError('delivery body is not valid JSON');
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new ValidationError('delivery body is not a JSON object');
  return { event, delivery_id: id, hook_id: header(delivery.headers, 'x-github-hook-id') ?? null, payload: payload as Record<string, unknown> };
}
