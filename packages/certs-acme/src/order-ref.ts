import { ValidationError } from '@slipway/core';

/** What core stores for an ACME order: where the order lives and the CSR to finalize it with (both public). */
export interface AcmeOrderRef {
  v: 1;
  issuer: 'acme';
  /** Directory the order was placed with; a ref from another CA is refused instead of failing obscurely. */
  directory: string;
  order_url: string;
  csr_pem: string;
}

/** Serializes a ref as the opaque text core stores. */
export function writeOrderRef(ref: Omit<AcmeOrderRef, 'v' | 'issuer'>): string {
  return JSON.stringify({ v: 1, issuer: 'acme', ...ref } satisfies AcmeOrderRef);
}

/** Reads a stored ref of this directory; ValidationError (field `ref`) for anything else. */
export function readOrderRef(text: string, directory: string): AcmeOrderRef {
  let parsed: Partial<AcmeOrderRef> | null = null;
  try {
    parsed = JSON.parse(text) as Partial<AcmeOrderRef>;
  } catch {
    // reported below
  }
  if (!parsed || parsed.v !== 1 || parsed.issuer !== 'acme' || typeof parsed.order_url !== 'string' || typeof parsed.csr_pem !== 'string') {
    throw new ValidationError('not an ACME order reference', 'ref');
  }
  if (parsed.directory !== directory) throw new ValidationError(`the order belongs to another ACME directory (${parsed.directory})`, 'ref');
  return parsed as AcmeOrderRef;
}
