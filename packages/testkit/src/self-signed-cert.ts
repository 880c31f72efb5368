import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed certificate and its key, both PEM; trust `certPem` as a CA to talk to a server using it. */
export interface SelfSignedCertificate {
  certPem: string;
  keyPem: string;
}

/**
 * Makes a throwaway P-256 self-signed certificate for `names` (DNS names and IP literals) with Debian's openssl
 * CLI, which test servers and daemons such as rsyslog can load from files.
 */
export function selfSignedCertificate(names: string[] = ['localhost', '127.0.0.1']): SelfSignedCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'slw-cert-'));
  try {
    const san = names.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', `/CN=${names[0] ?? 'localhost'}`,
        '-addext', `subjectAltName=${san}`, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return { certPem: readFileSync(join(dir, 'cert.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
