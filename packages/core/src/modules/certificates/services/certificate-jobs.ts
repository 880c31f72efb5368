import { DriverUnavailableError, PlatformError } from '../../../errors.js';
import { SYSTEM_PRINCIPAL } from '../../../kernel/authenticator.js';
import { backoffMs } from '../../../kernel/backoff.js';
import { enqueueJob, type JobHandler, type JobOutcome } from '../../../kernel/jobs.js';
import type { SecretBox } from '../../../kernel/secrets.js';
import type { StoreTx } from '../../../kernel/store.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import type { RouterDriver } from '../../router/router-driver.js';
import type { CertIssuer, CertOrderProgress, CertificateRequest } from '../cert-issuer.js';
import { renewalDueAt, type CertificateOrder } from '../domain/certificate-order.js';
import { certificateEventPayload } from './certificate-events.js';

/** Job kind that places, polls and finishes one CA order (a first order or a renewal). */
export const CERTIFICATE_ORDER = 'certificate.order';
/** Job kind that (re)installs an order's current certificate into the router. */
export const CERTIFICATE_INSTALL = 'certificate.install';

/** Jobs of one certificate run one at a time, oldest first. */
export function certificateJobKey(orderId: string): string {
  return `certificate:${orderId}`;
}

/** State of an order job between runs. */
export interface CertificateOrderPayload {
  order_id: string;
  /** A renewal of the installed certificate that expires at `for_expires` (ISO); a first order otherwise. */
  renew: boolean;
  for_expires?: string | null;
  /** ISO instant after which an order the CA has not issued (or cannot be reached for) is failed. */
  deadline?: string | null;
  /** Polls and retries so far (drives the backoff when the CA gives no retry_after_ms). */
  attempts?: number;
  [key: string]: unknown;
}

/** What the certificate jobs need. */
export interface CertificateJobDeps {
  uow: UnitOfWork;
  issuer: CertIssuer;
  box: SecretBox;
  /** The router certificates are installed into, when one is registered. */
  router(): RouterDriver | null;
  renewBeforeDays: number;
  /** How long an order may take at the CA before it is failed. */
  orderTimeoutMs: number;
  /** How long after a failed renewal it is tried again (while the certificate is still valid). */
  renewRetryMs: number;
  /** Longest wait between polls when the CA suggests none. */
  maxPollIntervalMs: number;
}

/** The issuer's view of a stored order. */
export function requestOf(o: CertificateOrder): CertificateRequest {
  return { common_name: o.common_name, domains: o.domains, kind: o.kind };
}

/** Queues the renewal of `o`'s certificate `renewBeforeDays` before it expires (in the caller's transaction). */
export async function scheduleRenewal(tx: StoreTx, o: CertificateOrder, deps: Pick<CertificateJobDeps, 'renewBeforeDays'>, at?: Date): Promise<void> {
  if (!o.expires_at) return;
  const payload: CertificateOrderPayload = { order_id: o.id, renew: true, for_expires: o.expires_at.toISOString() };
  await enqueueJob(tx, CERTIFICATE_ORDER, certificateJobKey(o.id), payload, at ?? renewalDueAt(o.expires_at, deps.renewBeforeDays));
}

/** Installs `o`'s current certificate into `router` under the order's id (replacing the previous one in place). */
export async function installInto(router: RouterDriver, box: SecretBox, o: CertificateOrder): Promise<void> {
  if (!o.cert_pem || !o.key_sealed) return;
  await router.installCertificate({ id: o.id, domains: o.domains, cert_pem: o.cert_pem, key_pem: box.open(o.key_sealed) });
}

/**
 * Orders a certificate in durable steps: `begin` (or `renew`), then the ref and the sealed key are stored before
 * anything else, then `poll` with backoff (the CA's retry_after_ms when it gives one) until `issued` or `failed`.
 * A restarted controller resumes from the stored ref. A refusal, an unreachable CA past the deadline or an order
 * the CA drops fails the order with the reason, and the served certificate (if any) stays installed.
 */
export function certificateOrderHandler(deps: CertificateJobDeps): JobHandler {
  const update = async (o: CertificateOrder, changes: Partial<CertificateOrder>, after?: (tx: StoreTx, next: CertificateOrder) => Promise<void>): Promise<CertificateOrder> =>
    deps.uow.run(SYSTEM_PRINCIPAL, async (tx, events) => {
      const current = await tx.certificateOrders.find(o.id);
      if (!current) return o;
      const next: CertificateOrder = { ...current, ...changes, updated_at: new Date(), version: current.version + 1 };
      await tx.certificateOrders.update(next);
      if (changes.status !== undefined) {
        await events.emit('ssl_order_update', certificateEventPayload(next));
      }
      if (after) await after(tx, next);
      return next;
    });

  const fail = async (o: CertificateOrder, p: CertificateOrderPayload, reason: string): Promise<JobOutcome> => {
    await update(o, { status: 'failed', status_reason: reason.slice(0, 1000), order_ref: null, order_key_sealed: null }, async (tx, next) => {
      // A refused renewal is tried again later while the served certificate is still valid.
      if (p.renew && next.installed && next.expires_at && Date.now() + deps.renewRetryMs < next.expires_at.getTime()) {
        await scheduleRenewal(tx, next, deps, new Date(Date.now() + deps.renewRetryMs));
      }
    });
    return { status: 'succeeded' };
  };

  const finish = async (o: CertificateOrder, issued: Extract<CertOrderProgress, { state: 'issued' }>): Promise<JobOutcome> => {
    const keySealed = issued.key_pem ? deps.box.seal(issued.key_pem) : o.order_key_sealed;
    if (!keySealed) return { status: 'failed', error: `the issuer ${deps.issuer.name} returned a certificate without its private key` };
    const changes: Partial<CertificateOrder> = {
      status: 'issued',
      status_reason: null,
      cert_pem: issued.cert_pem,
      key_sealed: keySealed,
      issued_at: issued.not_before,
      expires_at: issued.not_after,
      order_ref: null,
      order_key_sealed: null,
    };
    // Swapped into the router before it is recorded, so the API never shows a certificate the router does not serve
    // yet; when the router cannot take it now, a durable install job queued with the record does it later.
    let swapped = false;
    const router = deps.router();
    if (o.installed && router) {
      try {
        await installInto(router, deps.box, { ...o, ...changes } as CertificateOrder);
        swapped = true;
      } catch {
        swapped = false;
      }
    }
    await update(o, changes, async (tx, next) => {
      if (!next.installed) return;
      if (!swapped) await enqueueJob(tx, CERTIFICATE_INSTALL, certificateJobKey(next.id), { order_id: next.id });
      await scheduleRenewal(tx, next, deps);
    });
    return { status: 'succeeded' };
  };

  /** Waits and tries again, or fails once the deadline has passed. */
  const later = async (o: CertificateOrder, p: CertificateOrderPayload, waitMs: number | undefined, why: string, caExpiry?: Date): Promise<JobOutcome> => {
    const attempts = (p.attempts ?? 0) + 1;
    const deadline = p.deadline ? new Date(p.deadline).getTime() : Date.now() + deps.orderTimeoutMs;
    const until = Math.min(deadline, caExpiry?.getTime() ?? Infinity);
    if (Date.now() >= until) return fail(o, p, `the CA did not issue the certificate in time: ${why}`);
    const wait = Math.min(waitMs ?? backoffMs(attempts, { baseMs: 1000, capMs: deps.maxPollIntervalMs }), deps.maxPollIntervalMs);
    return { status: 'retry', at: new Date(Math.min(Date.now() + wait, until)), error: why, payload: { ...p, attempts, deadline: new Date(deadline).toISOString() } };
  };

  return {
    kind: CERTIFICATE_ORDER,
    async run(job): Promise<JobOutcome> {
      const p = job.payload as CertificateOrderPayload;
      let o = await deps.uow.read((tx) => tx.certificateOrders.find(p.order_id));
      if (!o) return { status: 'succeeded' };
      if (p.renew) {
        // Obsolete: uninstalled, or that certificate was renewed already (and no renewal of it is in flight).
        const same = (o.expires_at?.toISOString() ?? null) === (p.for_expires ?? null);
        if (!o.installed || !o.cert_pem || (!same && !o.order_ref)) return { status: 'succeeded' };
      } else if (o.status !== 'pending') {
        return { status: 'succeeded' };
      }
      try {
        if (!o.order_ref) {
          const start = p.renew ? await deps.issuer.renew({ request: requestOf(o), cert_pem: o.cert_pem! }) : await deps.issuer.begin(requestOf(o));
          if (start.state === 'failed') return fail(o, p, start.reason);
          // Stored before the first poll: a controller killed from here on continues this very order.
          o = await update(o, { order_ref: start.ref, order_key_sealed: start.key_pem ? deps.box.seal(start.key_pem) : null });
        }
        const progress = await deps.issuer.poll(o.order_ref!);
        if (progress.state === 'issued') return finish(o, progress);
        if (progress.state === 'failed') return fail(o, p, progress.reason);
        return later(o, p, progress.retry_after_ms, 'the CA is still working on the order', progress.expires_at);
      } catch (err) {
        if (err instanceof DriverUnavailableError) return later(o, p, undefined, err.message);
        // Any other platform error (a ref the issuer does not know, a kind it cannot serve) will not heal by waiting.
        if (err instanceof PlatformError) return fail(o, p, err.message);
        throw err;
      }
    },
  };
}

/** Installs an order's current certificate into the router (after an issue or a renewal); retried while the router is unavailable. */
export function certificateInstallHandler(deps: CertificateJobDeps): JobHandler {
  return {
    kind: CERTIFICATE_INSTALL,
    async run(job): Promise<JobOutcome> {
      const o = await deps.uow.read((tx) => tx.certificateOrders.find(String(job.payload.order_id)));
      if (!o || !o.installed) return { status: 'succeeded' };
      const router = deps.router();
      if (!router) return { status: 'retry', at: new Date(Date.now() + backoffMs(job.attempts, { baseMs: 1000, capMs: 60_000 })), error: 'no router is configured' };
      await installInto(router, deps.box, o);
      return { status: 'succeeded' };
    },
  };
}
