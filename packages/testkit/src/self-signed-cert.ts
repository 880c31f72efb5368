// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect polyfill loaded first.
import 'reflect-metadata';
import { webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type SelfSignedParams = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>;

/** A self-signed TLS certificate for a test server: `cert` doubles as the CA a client trusts. */
export interface SelfSignedCert {
  /** PEM certificate (trust it as `ca`). */
  cert: string;
  /** PEM PKCS#8 private key. */
  key: string;
  /** SHA-256 fingerprint as Node prints it (`AB:CD:...`), to tell which certificate a server presented. */
  fingerprint256: string;
}

/**
 * Issues a self-signed ECDSA P-256 certificate, valid from an hour ago for a day, for the given DNS names
 * (wildcards allowed) and IP addresses; default `localhost`, 127.0.0.1 and ::1. WebCrypto only, no openssl
 * binary, and fast enough to make several per test.
 */
export async function selfSignedCert(names: { dns?: string[]; ips?: string[] } = {}): Promise<SelfSignedCert> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const dns = names.dns ?? ['localhost'];
  const san = [...dns.map((value) => ({ type: 'dns' as const, value })), ...(names.ips ?? ['127.0.0.1', '::1']).map((value) => ({ type: 'ip' as const, value }))];
  const now = Date.now();
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1');
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      // A positive serial: a leading high bit would make it negative in DER.
      serialNumber: serial,
      // A unique subject: a client trusting several of these (rsyslog's and an HTTPS receiver's) finds the right one.
      name: `CN=${dns[0] ?? 'slipway-test'}, O=slipway-test-${serial}`,
      notBefore: new Date(now - 3_600_000),
      notAfter: new Date(now + 86_400_000),
      signingAlgorithm: alg,
      keys: keys as unknown as SelfSignedParams[0]['keys'],
      extensions: [
        // CA, so clients trust it directly as `ca`.
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.SubjectAlternativeNameExtension(san),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as unknown as SelfSignedParams[0]['keys']['publicKey'], false, webcrypto as unknown as SelfSignedParams[1]),
      ],
    },
    webcrypto as unknown as SelfSignedParams[1],
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
  const pem = cert.toString('pem');
  return { cert: pem, key, fingerprint256: new NodeX509(pem).fingerprint256 };
}
