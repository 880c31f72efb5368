import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import { ValidationError } from '@slipway/core';

type CryptoKey = webcrypto.CryptoKey;

/** A signing key pair in WebCrypto form, with the signature algorithm it signs certificates with. */
export interface SigningKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  algorithm: webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams;
  signing: webcrypto.EcdsaParams | webcrypto.Algorithm;
}

const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** A fresh ECDSA P-256 key pair: fast to make, accepted by every current TLS client. */
export async function generateKeys(): Promise<SigningKeys> {
  const pair = (await webcrypto.subtle.generateKey(P256, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  return { ...pair, algorithm: P256, signing: { name: 'ECDSA', hash: 'SHA-256' } as webcrypto.EcdsaParams };
}

/** PKCS#8 PEM of a private key. */
export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const b64 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key)).toString('base64');
  return `-----BEGIN PRIVATE KEY-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

/**
 * Reads a CA private key PEM (PKCS#8, SEC1 or PKCS#1; ECDSA P-256/384/521 or RSA) into WebCrypto keys. node:crypto
 * parses the many PEM spellings; WebCrypto only takes PKCS#8 of a known algorithm.
 */
export async function importKeys(pem: string, field = 'rootKeyPem'): Promise<SigningKeys> {
  let key;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ValidationError('the CA private key is not a PEM private key', field);
  }
  const pkcs8 = key.export({ format: 'der', type: 'pkcs8' });
  let algorithm: SigningKeys['algorithm'];
  let signing: SigningKeys['signing'];
  if (key.asymmetricKeyType === 'ec' && CURVES[key.asymmetricKeyDetails?.namedCurve ?? '']) {
    const namedCurve = CURVES[key.asymmetricKeyDetails!.namedCurve!]!;
    algorithm = { name: 'ECDSA', namedCurve };
    signing = { name: 'ECDSA', hash: namedCurve === 'P-256' ? 'SHA-256' : 'SHA-384' } as webcrypto.EcdsaParams;
  } else if (key.asymmetricKeyType === 'rsa') {
    algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    signing = { name: 'RSASSA-PKCS1-v1_5' };
  } else {
    throw new ValidationError('the CA private key must be ECDSA (P-256, P-384, P-521) or RSA', field);
  }
  const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, algorithm, true, ['sign']);
  const publicDer = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const publicKey = await webcrypto.subtle.importKey('spki', publicDer, algorithm, true, ['verify']);
  return { privateKey, publicKey, algorithm, signing };
}
