import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/** A self-signed TLS certificate for a loopback test server: `cert` doubles as the CA a client trusts. */
export interface SelfSignedCert {
  /** PEM certificate (trust it as `ca`). */
  cert: string;
  /** PEM PKCS#8 private key. */
  key: string;
}

/**
 * Issues a self-signed ECDSA P-256 certificate valid for a day, for the given DNS names and IP addresses
 * (default `localhost`, 127.0.0.1 and ::1), so tests run real HTTPS servers without a CA on disk.
 */
export async function selfSignedCert(names: { dns?: string[]; ips?: string[] } = {}): Promise<SelfSignedCert> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const san = [
    ...(names.dns ?? ['localhost']).map((value) => ({ type: 'dns' as const, value })),
    ...(names.ips ?? ['127.0.0.1', '::1']).map((value) => ({ type: 'ip' as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Date.now().toString(16),
      name: 'CN=slipway-test',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 24 * 3600_000),
      signingAlgorithm: alg,
      keys,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.SubjectAlternativeNameExtension(san)],
    },
    webcrypto as never,
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
  return { cert: cert.toString('pem'), key };
}
