import { createHmac, randomUUID } from 'node:crypto';
import type { FakeState } from './fake-state.js';
import type { FakeDelivery, FakeHook, FakeRepo } from './model.js';
import { repoJson, userJson, type Urls } from './representations.js';

/** Which signature headers deliveries carry; GitHub sends both, older GitHub Enterprise Server only SHA-1. */
export type SignatureHeader = 'sha256' | 'sha1';

/** An event the fake sends to the hooks of a repository that subscribed to it. */
export interface OutgoingEvent {
  event: string;
  action: string | null;
  payload: Record<string, unknown>;
}

/** Adds the `repository` and `sender` fields every repository event carries. */
export function withRepository(u: Urls, repo: FakeRepo, sender: string, state: FakeState, payload: Record<string, unknown>): Record<string, unknown> {
  return { ...payload, repository: repoJson(u, repo), sender: userJson(u, state.user(sender)) };
}

/** The `ping` payload GitHub sends when a hook is created (and on POST .../pings). */
export function pingPayload(u: Urls, repo: FakeRepo, hook: FakeHook, hookJson: Record<string, unknown>, state: FakeState): OutgoingEvent {
  return {
    event: 'ping',
    action: null,
    payload: withRepository(u, repo, repo.owner.login, state, { zen: 'Keep it logically awesome.', hook_id: hook.id, hook: hookJson }),
  };
}

function subscribed(hook: FakeHook, event: string): boolean {
  return hook.active && (event === 'ping' || hook.events.includes('*') || hook.events.includes(event));
}

/** Encodes a payload as the hook's content type asks: raw JSON, or `payload=<json>` form encoding. */
function encode(hook: FakeHook, payload: Record<string, unknown>): { body: string; type: string } {
  const json = JSON.stringify(payload);
  return hook.config.content_type === 'form'
    ? { body: new URLSearchParams({ payload: json }).toString(), type: 'application/x-www-form-urlencoded' }
    : { body: json, type: 'application/json' };
}

/** Sends one attempt of a delivery (new or redelivered) and records it. */
async function attempt(
  state: FakeState,
  repo: FakeRepo,
  hook: FakeHook,
  guid: string,
  event: OutgoingEvent,
  body: string,
  type: string,
  redelivery: boolean,
  signatures: SignatureHeader[],
): Promise<FakeDelivery> {
  const headers: Record<string, string> = {
    'content-type': type,
    'user-agent': 'GitHub-Hookshot/fake',
    'x-github-delivery': guid,
    'x-github-event': event.event,
    'x-github-hook-id': String(hook.id),
    'x-github-hook-installation-target-id': String(repo.id),
    'x-github-hook-installation-target-type': 'repository',
  };
  const secret = hook.config.secret;
  if (secret && signatures.includes('sha1')) headers['x-hub-signature'] = `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
  if (secret && signatures.includes('sha256')) headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const record: FakeDelivery = {
    guid,
    id: state.id(),
    event: event.event,
    action: event.action,
    repo: `${repo.owner.login}/${repo.name}`,
    hook_id: hook.id,
    url: hook.config.url,
    redelivery,
    request_headers: headers,
    body,
    status_code: null,
    response: '',
    delivered_at: new Date().toISOString(),
  };
  try {
    // GitHub gives a receiver 10 seconds and never follows redirects.
    const res = await fetch(hook.config.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    record.status_code = res.status;
    record.response = (await res.text()).slice(0, 1024);
    hook.last_response = { code: res.status, status: res.ok ? 'active' : 'failed', message: res.ok ? 'OK' : `Invalid HTTP Response: ${res.status}` };
  } catch (err) {
    record.response = (err as Error).message;
    hook.last_response = { code: null, status: 'failed', message: 'failed to connect to host' };
  }
  state.deliveries.push(record);
  return record;
}

/** Delivers `event` to every active hook of `repo` subscribed to it, one delivery (guid) per hook. */
export async function deliver(state: FakeState, repo: FakeRepo, event: OutgoingEvent, signatures: SignatureHeader[], only?: FakeHook): Promise<FakeDelivery[]> {
  const hooks = only ? [only] : [...repo.hooks.values()].filter((h) => subscribed(h, event.event));
  return Promise.all(
    hooks.map((hook) => {
      const { body, type } = encode(hook, event.payload);
      return attempt(state, repo, hook, randomUUID(), event, body, type, false, signatures);
    }),
  );
}

/** Sends a delivery again with the same guid and body (signed with the hook's current secret), as GitHub's "Redeliver" does. */
export async function redeliver(state: FakeState, guid: string, signatures: SignatureHeader[]): Promise<FakeDelivery> {
  const first = state.deliveries.find((d) => d.guid === guid);
  if (!first) throw new Error(`github-fake: no delivery ${guid}`);
  const repo = state.mustRepo(first.repo);
  const hook = repo.hooks.get(first.hook_id);
  if (!hook) throw new Error(`github-fake: the hook of delivery ${guid} was deleted`);
  const event: OutgoingEvent = { event: first.event, action: first.action, payload: {} };
  return attempt(state, repo, hook, guid, event, first.body, first.request_headers['content-type'], true, signatures);
}
