import type { CertificateKind } from '../cert-issuer.js';

/** Where an order stands at its CA: `pending` until the CA issues (`issued`) or refuses or times out (`failed`). */
export type CertificateOrderStatus = 'pending' | 'issued' | 'failed';

/**
 * A certificate order and, once issued, the certificate it holds (an "SSL endpoint" when installed). The served
 * certificate (`cert_pem`, `key_sealed`, `issued_at`, `expires_at`) only changes when a new one is issued, so a
 * failed renewal leaves it in place. Private keys are only ever stored sealed with the platform secret key.
 */
export interface CertificateOrder {
  id: string;
  /** Unique alphanumeric name (dashes and dots allowed). */
  name: string;
  comments: string;
  /** Username of who ordered it. */
  requester: string;
  org_id: string;
  org_name: string;
  region_id: string;
  region_name: string;
  common_name: string;
  /** Every name, common name first, normalized (lowercase ASCII). */
  domains: string[];
  kind: CertificateKind;
  status: CertificateOrderStatus;
  /** The CA's reason when `failed` (first order or the last renewal); null otherwise. */
  status_reason: string | null;
  /** Whether the certificate is installed into the router. */
  installed: boolean;
  /** Name of the CertIssuer that handles the order. */
  issuer: string;
  /** The CA order in progress (the issuer's opaque ref); null when none is. */
  order_ref: string | null;
  /** Sealed private key of the order in progress, when the issuer generated it at `begin`. */
  order_key_sealed: string | null;
  /** The issued PEM chain, leaf first. */
  cert_pem: string | null;
  /** Sealed private key of the issued certificate. */
  key_sealed: string | null;
  issued_at: Date | null;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** Optimistic concurrency: every update writes `version + 1` of what it read. */
  version: number;
}

/** The `type` the seed reports: `ssl_plus` for one name, `multi_domain`, or `wildcard`. */
export function orderType(kind: CertificateKind): 'ssl_plus' | 'multi_domain' | 'wildcard' {
  return kind === 'single' ? 'ssl_plus' : kind;
}

/** True when `order` still claims its names: anything not failed, and an installed certificate even after a failed renewal. */
export function ordersClaimNames(order: Pick<CertificateOrder, 'status' | 'installed'>): boolean {
  return order.status !== 'failed' || order.installed;
}

/**
 * The explicit (non-wildcard) names of `wanted` that an existing claiming order already lists; wildcards on either
 * side do not count, as the seed says.
 */
export function explicitlyCovered(wanted: readonly string[], existing: readonly Pick<CertificateOrder, 'domains' | 'status' | 'installed'>[]): string[] {
  const taken = new Set(existing.filter(ordersClaimNames).flatMap((o) => o.domains.filter((d) => !d.startsWith('*.'))));
  return wanted.filter((d) => !d.startsWith('*.') && taken.has(d));
}

/** When a certificate expiring at `expiresAt` is due for renewal: `renewBeforeDays` earlier, never before now. */
export function renewalDueAt(expiresAt: Date, renewBeforeDays: number, now = new Date()): Date {
  const due = expiresAt.getTime() - renewBeforeDays * 86_400_000;
  return new Date(Math.max(due, now.getTime()));
}

/** Alphanumeric with dashes and dots, like the seed's certificate names; at most 64 characters. */
export const CERTIFICATE_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/;
