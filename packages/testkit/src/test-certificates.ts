// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect polyfill loaded first.
import 'reflect-metadata';
import { webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type SelfSignedParams = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>;

/** A self-signed certificate and its key, in PEM, for tests of TLS listeners. */
export interface TestCertificate {
  cert_pem: string;
  key_pem: string;
  /** SHA-256 fingerprint as Node prints it (`AB:CD:...`), to tell which certificate a server presented. */
  fingerprint256: string;
}

/**
 * A fresh self-signed ECDSA P-256 certificate for `domains` (SANs, wildcards allowed), valid from an hour ago
 * for a day; fast enough to make several per test.
 */
export async function testCertificate(domains: string[]): Promise<TestCertificate> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1'),
      name: `CN=${domains[0]}`,
      notBefore: new Date(now - 3_600_000),
      notAfter: new Date(now + 86_400_000),
      signingAlgorithm: alg,
      keys: keys as unknown as SelfSignedParams[0]['keys'],
      extensions: [
        new x509.SubjectAlternativeNameExtension(domains.map((value) => ({ type: 'dns' as const, value }))),
        new x509.BasicConstraintsExtension(false),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      ],
    },
    webcrypto as unknown as SelfSignedParams[1],
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const key_pem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
  const cert_pem = cert.toString('pem');
  return { cert_pem, key_pem, fingerprint256: new NodeX509(cert_pem).fingerprint256 };
}
