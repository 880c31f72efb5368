import { createPrivateKey, randomBytes, webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import {
  generateSecretKey,
  SecretBox,
  ValidationError,
  type CertificateKind,
  type CertificateRequest,
  type CertificateToRenew,
  type CertIssuer,
  type CertOrderProgress,
  type CertOrderStart,
} from '@slipway/core';
import { toDomainError } from './errors.js';
import { generateKeys, importKeys, privateKeyPem, type SigningKeys } from './keys.js';
import { memoryCaRootStore, type CaRootStore } from './root-store.js';
import { sealerFor, type Sealer } from './sealer.js';

const DAY_MS = 86_400_000;
// Certificates are back-dated a little so a client whose clock lags the controller's accepts them at once.
const BACKDATE_MS = 5 * 60_000;
// Passed to every @peculiar/x509 call instead of setting its global provider, which other code may own.
const crypto = webcrypto as unknown as NonNullable<Parameters<typeof X509.X509CertificateGenerator.create>[1]>;

let x509Module: Promise<typeof X509> | undefined;
/** @peculiar/x509, loaded on the first certificate work: its ASN.1 stack would cost every start-up ~100 ms otherwise. */
const loadX509 = (): Promise<typeof X509> => (x509Module ??= import('@peculiar/x509'));

/** How a local CA gets its root: made once and kept sealed in `store`, or handed over in clear by the host. */
export interface LocalCaOptions {
  /** The platform secret key (or a `SecretBox`-like sealer) that seals the root key in `store`; required with `store`. */
  secretKey?: string | Uint8Array | Sealer;
  /** Where the sealed root lives; without it (and without `rootCertPem`) the root lasts as long as the process. */
  store?: CaRootStore;
  /** A root certificate the host already has (then `rootKeyPem` too, and no `store`). */
  rootCertPem?: string;
  /** The private key of `rootCertPem`, PEM (ECDSA or RSA). */
  rootKeyPem?: string;
  /** Subject common name of a root made here (default `Slipway Local Development CA`). */
  commonName?: string;
  /** Lifetime of a root made here (default 3650 days). */
  rootValidityDays?: number;
  /** Lifetime of issued certificates (default 90 days, never past the root's end). */
  leafValidityDays?: number;
  /** When set, names outside these suffixes (e.g. `.localhost`, `.test`) are refused, as a public CA refuses names. */
  permittedSuffixes?: string[];
}

/** A CertIssuer that signs leaf certificates under its own root at once; for development and tests. */
export interface LocalCaIssuer extends CertIssuer {
  /** PEM of the root, for `curl --cacert` or a browser's trust store. */
  rootCertificatePem(): Promise<string>;
}

interface Root {
  cert: X509.X509Certificate;
  node: NodeX509;
  pem: string;
  keys: SigningKeys;
}

interface LocalRef {
  v: 1;
  issuer: 'local-ca';
  cert_pem: string;
}

function serial(): string {
  const b = randomBytes(16);
  b[0]! &= 0x7f; // a positive INTEGER, as RFC 5280 asks
  return b.toString('hex');
}

/** PEM with a final newline, as node:crypto and openssl write it, so stored and served forms compare equal. */
function pemOf(cert: X509.X509Certificate): string {
  return `${cert.toString('pem').trimEnd()}\n`;
}

function positiveDays(value: number | undefined, fallback: number, field: string): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new ValidationError(`${field} must be a positive number of days`, field);
  return v;
}

/** Creates a local CA issuer; nothing is generated or loaded until the first order or root request. */
export function localCaIssuer(options: LocalCaOptions = {}): LocalCaIssuer {
  const leafDays = positiveDays(options.leafValidityDays, 90, 'leafValidityDays');
  const rootDays = positiveDays(options.rootValidityDays, 3650, 'rootValidityDays');
  if ((options.rootCertPem === undefined) !== (options.rootKeyPem === undefined)) {
    throw new ValidationError('rootCertPem and rootKeyPem go together', options.rootCertPem === undefined ? 'rootCertPem' : 'rootKeyPem');
  }
  if (options.rootCertPem !== undefined && options.store) throw new ValidationError('pass either a root in clear or a store, not both', 'store');
  if (options.store && options.secretKey === undefined) throw new ValidationError('a root store needs the secret key that seals the root key', 'secretKey');
  const store = options.store ?? memoryCaRootStore();
  // A process-lifetime root still goes through sealing, so there is one code path; its key dies with the process.
  const sealer: Sealer = options.secretKey === undefined ? new SecretBox(generateSecretKey()) : sealerFor(options.secretKey);
  const suffixes = options.permittedSuffixes?.map((s) => (s.startsWith('.') ? s : `.${s}`).toLowerCase());

  async function makeRoot(): Promise<{ cert_pem: string; key_pem: string }> {
    const x509 = await loadX509();
    const keys = await generateKeys();
    const now = Date.now();
    const cert = await x509.X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: serial(),
        name: [{ CN: [options.commonName ?? 'Slipway Local Development CA'] }, { O: ['Slipway'] }],
        notBefore: new Date(now - BACKDATE_MS),
        notAfter: new Date(now + rootDays * DAY_MS),
        keys,
        signingAlgorithm: keys.signing,
        extensions: [
          new x509.BasicConstraintsExtension(true, 0, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        ],
      },
      crypto,
    );
    return { cert_pem: pemOf(cert), key_pem: await privateKeyPem(keys.privateKey) };
  }

  async function loadRoot(): Promise<Root> {
    const x509 = await loadX509();
    let certPem: string;
    let keyPem: string;
    if (options.rootCertPem !== undefined) {
      certPem = options.rootCertPem;
      keyPem = options.rootKeyPem!;
    } else {
      let stored = await store.load();
      if (!stored) {
        const made = await makeRoot();
        stored = await store.saveIfAbsent({ cert_pem: made.cert_pem, key_sealed: sealer.seal(made.key_pem) });
      }
      certPem = stored.cert_pem;
      keyPem = sealer.open(stored.key_sealed);
    }
    let node: NodeX509;
    try {
      node = new NodeX509(certPem);
    } catch {
      throw new ValidationError('the CA root certificate is not a PEM certificate', 'rootCertPem');
    }
    const keys = await importKeys(keyPem);
    if (!node.checkPrivateKey(createPrivateKey(keyPem))) throw new ValidationError('the CA root key does not belong to the root certificate', 'rootKeyPem');
    if (!node.ca) throw new ValidationError('the root certificate is not a CA certificate', 'rootCertPem');
    return { cert: new x509.X509Certificate(certPem), node, pem: certPem, keys };
  }

  let rootPromise: Promise<Root> | null = null;
  const root = (): Promise<Root> => {
    // A failed load (store down, wrong key) is not cached: the next call tries again.
    rootPromise ??= loadRoot().catch((err) => {
      rootPromise = null;
      throw toDomainError(err, 'load its root');
    });
    return rootPromise;
  };

  const kinds: readonly CertificateKind[] = ['single', 'multi_domain', 'wildcard'];

  async function issue(request: CertificateRequest): Promise<CertOrderStart> {
    if (suffixes) {
      const outside = request.domains.find((d) => !suffixes.some((s) => d.endsWith(s)));
      if (outside !== undefined) return { state: 'failed', reason: `the local CA issues only for names under ${suffixes.join(', ')}; ${outside} is not` };
    }
    const ca = await root();
    const x509 = await loadX509();
    const keys = await generateKeys();
    const now = Date.now();
    const notAfter = Math.min(now + leafDays * DAY_MS, ca.cert.notAfter.getTime());
    try {
      const leaf = await x509.X509CertificateGenerator.create(
        {
          serialNumber: serial(),
          subject: [{ CN: [request.common_name] }],
          issuer: ca.cert.subject,
          notBefore: new Date(now - BACKDATE_MS),
          notAfter: new Date(notAfter),
          publicKey: keys.publicKey,
          signingKey: ca.keys.privateKey,
          signingAlgorithm: ca.keys.signing,
          extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
            new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
            new x509.SubjectAlternativeNameExtension(request.domains.map((d) => ({ type: 'dns' as const, value: d }))),
            await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
            await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey, false, crypto),
          ],
        },
        crypto,
      );
      const ref: LocalRef = { v: 1, issuer: 'local-ca', cert_pem: pemOf(leaf) };
      return { state: 'ordered', ref: JSON.stringify(ref), key_pem: await privateKeyPem(keys.privateKey) };
    } catch (err) {
      throw toDomainError(err, 'sign a certificate');
    }
  }

  function readRef(ref: string): LocalRef {
    try {
      const parsed = JSON.parse(ref) as Partial<LocalRef>;
      if (parsed.v === 1 && parsed.issuer === 'local-ca' && typeof parsed.cert_pem === 'string') return parsed as LocalRef;
    } catch {
      // fall through to the one error below
    }
    throw new ValidationError('not an order reference of the local CA', 'ref');
  }

  return {
    name: 'local-ca',
    kinds,
    begin: issue,
    renew: (previous: CertificateToRenew) => issue(previous.request),
    async poll(ref: string): Promise<CertOrderProgress> {
      const { cert_pem } = readRef(ref);
      const ca = await root();
      let leaf: NodeX509;
      try {
        leaf = new NodeX509(cert_pem);
      } catch {
        throw new ValidationError('the order reference holds no certificate', 'ref');
      }
      // A ref from another CA (or another root) would otherwise install a chain nobody can verify.
      if (!leaf.checkIssued(ca.node) || !leaf.verify(ca.node.publicKey)) throw new ValidationError('the order was not issued by this local CA root', 'ref');
      return { state: 'issued', cert_pem, not_before: new Date(leaf.validFrom), not_after: new Date(leaf.validTo) };
    },
    async rootCertificatePem() {
      return (await root()).pem;
    },
  };
}
