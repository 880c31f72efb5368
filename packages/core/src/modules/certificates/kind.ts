import { domainToASCII } from 'node:url';
import { ValidationError } from '../../errors.js';
import type { CertificateKind, CertificateRequest } from './cert-issuer.js';

/** Most names one certificate may carry (the public ACME CAs' limit), so an order fails here and not at the CA. */
export const MAX_CERTIFICATE_DOMAINS = 100;
/** X.509's upper bound on a subject common name (RFC 5280 ub-common-name). */
export const MAX_COMMON_NAME_LENGTH = 64;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** What a client asks for: names, and optionally which of them is the common name. */
export interface CertificateRequestInput {
  common_name?: string | null;
  domains: string[];
}

/** `wildcard` when any name starts with `*.`, else `multi_domain` for several names, else `single`. */
export function certificateKind(domains: readonly string[]): CertificateKind {
  if (domains.some((d) => d.startsWith('*.'))) return 'wildcard';
  return new Set(domains).size > 1 ? 'multi_domain' : 'single';
}

function invalid(name: string, why: string, field: string): ValidationError {
  return new ValidationError(`${JSON.stringify(name)} is not a valid certificate domain: ${why}`, field);
}

/**
 * Lowercase ASCII form of a DNS name a public certificate can carry: labels of letters, digits and inner dashes,
 * at least two of them, a non-numeric last label (IP addresses are not names), an optional leading `*.` covering
 * one label of a name with two or more labels. Unicode names become punycode; a trailing dot is dropped.
 */
export function normalizeCertificateDomain(name: string, field = 'domains'): string {
  if (typeof name !== 'string') throw new ValidationError('a certificate domain must be a string', field);
  let n = name.trim().toLowerCase().replace(/\.$/, '');
  const wildcard = n.startsWith('*.');
  if (wildcard) n = n.slice(2);
  // domainToASCII applies IDNA (and lowercases); it returns '' for what cannot be a host name at all.
  const ascii = /^[\x00-\x7f]*$/.test(n) ? n : domainToASCII(n);
  if (ascii === '') throw invalid(name, 'not a host name', field);
  const full = wildcard ? `*.${ascii}` : ascii;
  if (full.length > 253) throw invalid(name, 'longer than 253 characters', field);
  const labels = ascii.split('.');
  if (labels.length < 2) throw invalid(name, wildcard ? 'a wildcard must stand over at least two labels' : 'a single label is not a public name', field);
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) {
    throw invalid(name, bad.includes('*') ? 'a wildcard may only be the whole first label' : `label ${JSON.stringify(bad)} must be 1-63 letters, digits or inner dashes`, field);
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) throw invalid(name, 'IP addresses are not certificate domains here', field);
  return full;
}

/**
 * Validates and normalizes an order: every name (field `domains`) and the common name (field `common_name`, at
 * most 64 characters, defaulting to the first domain and added to `domains` when missing), duplicates dropped,
 * at most `MAX_CERTIFICATE_DOMAINS` names, and the kind derived from the names.
 */
export function certificateRequest(input: CertificateRequestInput): CertificateRequest {
  if (!Array.isArray(input.domains) || input.domains.length === 0) throw new ValidationError('at least one domain is required', 'domains');
  const domains = [...new Set(input.domains.map((d) => normalizeCertificateDomain(d, 'domains')))];
  const common_name = input.common_name == null || input.common_name === '' ? domains[0]! : normalizeCertificateDomain(input.common_name, 'common_name');
  if (common_name.length > MAX_COMMON_NAME_LENGTH) {
    throw new ValidationError(`the common name must be at most ${MAX_COMMON_NAME_LENGTH} characters; pick a shorter one of the domains`, 'common_name');
  }
  const ordered = [common_name, ...domains.filter((d) => d !== common_name)];
  if (ordered.length > MAX_CERTIFICATE_DOMAINS) throw new ValidationError(`a certificate carries at most ${MAX_CERTIFICATE_DOMAINS} domains`, 'domains');
  return { common_name, domains: ordered, kind: certificateKind(ordered) };
}

/** True when a certificate name covers `host`: equal, or a `*.` name over exactly one extra leading label. */
export function certificateNameCovers(name: string, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!name.startsWith('*.')) return name === h;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === name.slice(2);
}
