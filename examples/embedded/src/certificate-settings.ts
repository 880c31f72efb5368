import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SecretBox, type CertIssuer, type RouterDriver } from '@slipway/core';
import { fileCaRootStore, localCaIssuer, memoryCaRootStore } from '@slipway/certs-local';
import { parseStoreUrl } from '@slipway/store-mikroorm';

/** How the embedded host issues certificates (SLIPWAY_ACME_* from the environment; the local CA otherwise). */
export interface CertificateSettings {
  /** An ACME directory (SLIPWAY_ACME_DIRECTORY); http-01 is answered by the embedded router. */
  acmeDirectory?: string;
  /** Contact for the ACME account (SLIPWAY_ACME_EMAIL). */
  acmeEmail?: string;
  /** PEM file the ACME directory's TLS certificate chains to, for test CAs such as pebble (SLIPWAY_ACME_CA_FILE). */
  acmeCaFile?: string;
  /** Lifetime of local CA certificates in days (SLIPWAY_LOCAL_CA_LEAF_DAYS; default 90). */
  leafValidityDays?: number;
  /** Renew installed certificates this many days before they expire (SLIPWAY_CERT_RENEW_BEFORE_DAYS; default 30). */
  renewBeforeDays?: number;
  /** A CertIssuer the host already made, in place of ACME or the local CA. */
  issuer?: CertIssuer;
}

/** Reads the SLIPWAY_ACME_* and certificate settings. */
export function certificateSettingsFromEnv(env: NodeJS.ProcessEnv): CertificateSettings {
  const days = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of days, got ${raw}`);
    return n;
  };
  const leaf = days('SLIPWAY_LOCAL_CA_LEAF_DAYS');
  const renew = days('SLIPWAY_CERT_RENEW_BEFORE_DAYS');
  return {
    ...(env.SLIPWAY_ACME_DIRECTORY ? { acmeDirectory: env.SLIPWAY_ACME_DIRECTORY } : {}),
    ...(env.SLIPWAY_ACME_EMAIL ? { acmeEmail: env.SLIPWAY_ACME_EMAIL } : {}),
    ...(env.SLIPWAY_ACME_CA_FILE ? { acmeCaFile: env.SLIPWAY_ACME_CA_FILE } : {}),
    ...(leaf !== undefined ? { leafValidityDays: leaf } : {}),
    ...(renew !== undefined ? { renewBeforeDays: renew } : {}),
  };
}

/** The issuer a host gets, and where the local CA's root can be read by clients. */
export interface HostIssuer {
  issuer: CertIssuer;
  /** One line for the start-up banner. */
  description: string;
}

/** `<sqlite file><suffix>`, or null when the store is not a SQLite file. */
function besideStore(databaseUrl: string, suffix: string): string | null {
  const target = parseStoreUrl(databaseUrl);
  return target.dialect === 'sqlite' && target.file !== ':memory:' ? `${target.file}${suffix}` : null;
}

/**
 * ACME when a directory is configured (its account key kept sealed beside the SQLite file, so restarts reuse the
 * account), otherwise the local CA with its root sealed beside the SQLite file (in memory on PostgreSQL).
 */
export async function hostIssuer(databaseUrl: string, secretKey: string, settings: CertificateSettings, router: RouterDriver | undefined): Promise<HostIssuer> {
  if (settings.issuer) return { issuer: settings.issuer, description: settings.issuer.name };
  if (settings.acmeDirectory) {
    if (!router?.challenges) throw new Error('SLIPWAY_ACME_DIRECTORY needs the embedded router (SLIPWAY_ROUTER_PORT) to answer http-01 challenges');
    const box = new SecretBox(secretKey);
    const keyFile = besideStore(databaseUrl, '.acme-account');
    let accountKeyPem: string | undefined;
    try {
      accountKeyPem = keyFile ? box.open(readFileSync(keyFile, 'utf8').trim()) : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    // Loaded only when configured: the ACME client and its crypto stack cost a few hundred ms at every start-up.
    const { acmeIssuer } = await import('@slipway/certs-acme');
    const issuer = acmeIssuer({
      directoryUrl: settings.acmeDirectory,
      http01: router.challenges,
      ...(settings.acmeEmail ? { email: settings.acmeEmail } : {}),
      ...(settings.acmeCaFile ? { ca: readFileSync(settings.acmeCaFile, 'utf8') } : {}),
      ...(accountKeyPem ? { accountKeyPem } : {}),
    });
    if (issuer.accountKeyGenerated && keyFile) {
      mkdirSync(dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, `${box.seal(issuer.accountKeyPem)}\n`, { mode: 0o600 });
    }
    return { issuer, description: `ACME (${new URL(settings.acmeDirectory).host})` };
  }
  const rootFile = besideStore(databaseUrl, '.local-ca.json');
  const issuer = localCaIssuer({
    secretKey,
    store: rootFile ? fileCaRootStore(rootFile) : memoryCaRootStore(),
    ...(settings.leafValidityDays !== undefined ? { leafValidityDays: settings.leafValidityDays } : {}),
  });
  return { issuer, description: 'local CA (trust its root: GET /ssl-ca)' };
}
