import type { InjectionToken } from 'tsyringe';

/** How many names a certificate covers: one, several, or at least one `*.` wildcard (which ACME proves by dns-01). */
export type CertificateKind = 'single' | 'multi_domain' | 'wildcard';

/** A validated certificate order as core hands it to an issuer (build it with `certificateRequest`). */
export interface CertificateRequest {
  /** Subject common name; always one of `domains`. */
  common_name: string;
  /** Every name the certificate must cover (subjectAltName), lowercase ASCII (punycode), `common_name` first. */
  domains: string[];
  /** Derived from `domains` by `certificateKind`. */
  kind: CertificateKind;
}

/**
 * What `begin`/`renew` return. `ordered` carries everything core must store before it continues: the opaque `ref`
 * (JSON-safe text, no secrets) and, when the issuer generated the private key now, `key_pem` for core to seal.
 * `failed` is a CA refusal that retrying the same request will not fix (a name it will not issue for).
 */
export type CertOrderStart =
  | { state: 'ordered'; ref: string; key_pem?: string }
  | { state: 'failed'; reason: string };

/**
 * What `poll` returns. `pending` asks to be polled again (after `retry_after_ms` when given; the CA drops the order
 * at `expires_at`). `issued` is final: a PEM chain, leaf first, and the private key when it was not returned by
 * `begin`. `failed` is final too, with the CA's own reason.
 */
export type CertOrderProgress =
  | { state: 'pending'; retry_after_ms?: number; expires_at?: Date }
  | { state: 'issued'; cert_pem: string; key_pem?: string; not_before: Date; not_after: Date }
  | { state: 'failed'; reason: string };

/** The certificate being renewed, as core stored it. */
export interface CertificateToRenew {
  request: CertificateRequest;
  /** Its PEM chain, so an issuer can link the renewal to it (ACME ARI `replaces`) or compare names. */
  cert_pem: string;
}

/**
 * Orders certificates from a CA in steps a durable job can repeat: `begin` once, store its result, then `poll` the
 * stored `ref` until it is `issued` or `failed`. A job killed at any point re-runs its current step: `poll` is
 * idempotent (it re-answers challenges, re-finalizes, re-downloads as needed) and a repeated `begin` only leaves an
 * abandoned order behind at the CA. Issuers never log keys. Errors: ValidationError for a request this issuer
 * cannot serve (a `kind` outside `kinds`, field `domains`), DriverUnavailableError when the CA cannot be reached
 * or times out (retry later); CA refusals are `failed` results, not errors. `certIssuerContract` in
 * `@slipway/testkit` defines the behaviour.
 */
export interface CertIssuer {
  /** Short adapter name for logs and records, e.g. `acme` or `local-ca`. */
  readonly name: string;
  /** Kinds this issuer can order as configured (ACME: `wildcard` only with a dns-01 hook). */
  readonly kinds: readonly CertificateKind[];
  /** Starts an order for `request`. */
  begin(request: CertificateRequest): Promise<CertOrderStart>;
  /** Advances the order `ref` (from `begin` or `renew`) as far as it can without waiting, and reports where it is. */
  poll(ref: string): Promise<CertOrderProgress>;
  /** Starts the order that replaces `previous` (a fresh key, the same names); continue it with `poll`. */
  renew(previous: CertificateToRenew): Promise<CertOrderStart>;
  /**
   * PEM of the root clients must trust when it is not publicly trusted (a local CA: `curl --cacert`); absent when
   * the issuer's roots are public or unknown to it.
   */
  rootCertificatePem?(): Promise<string>;
}

/** DI token of the CertIssuer. */
export const CERT_ISSUER: InjectionToken<CertIssuer> = Symbol.for('slipway.CertIssuer');
