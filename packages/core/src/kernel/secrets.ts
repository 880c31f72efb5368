import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ValidationError } from '../errors.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Reads a 256-bit key given as 32 raw bytes, 64 hex digits or base64 of 32 bytes. */
export function parseSecretKey(key: string | Uint8Array, field = 'secretKey'): Buffer {
  if (typeof key !== 'string') {
    if (key.length !== 32) throw new ValidationError('the secret key must be 32 bytes', field);
    return Buffer.from(key);
  }
  const k = key.trim();
  if (/^[0-9a-fA-F]{64}$/.test(k)) return Buffer.from(k, 'hex');
  const b = Buffer.from(k, 'base64');
  // The length check keeps a typo from silently becoming a different, shorter key.
  if (b.length === 32 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(k)) return b;
  throw new ValidationError('the secret key must be 32 bytes as 64 hex digits or base64', field);
}

/** A fresh random key in the text form `parseSecretKey` reads (for hosts that generate one). */
export function generateSecretKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * AES-256-GCM for values stored at rest (addon credentials): a database dump alone reveals nothing,
 * and the tag makes a tampered or wrongly keyed value fail loudly instead of decrypting to garbage.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: string | Uint8Array) {
    this.key = parseSecretKey(key);
  }

  /** Encrypts text into `v1:<base64 iv|tag|ciphertext>`; a fresh IV per call. */
  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** Decrypts what `seal` produced; throws (without echoing the value) when the key or the data is wrong. */
  open(sealed: string): string {
    const [version, data] = sealed.split(':', 2);
    if (version !== VERSION || !data) throw new Error('not a sealed value');
    const raw = Buffer.from(data, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('sealed value cannot be opened: wrong secret key or corrupted data');
    }
  }

  /** Seals a JSON value. */
  sealJson(value: unknown): string {
    return this.seal(JSON.stringify(value));
  }

  /** Opens a sealed JSON value. */
  openJson<T>(sealed: string): T {
    return JSON.parse(this.open(sealed)) as T;
  }
}
