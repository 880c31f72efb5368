import { SecretBox } from '@slipway/core';

/** Seals text at rest and opens it again; core's `SecretBox` (AES-256-GCM with the platform key) is one. */
export interface Sealer {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/** The sealer a host means when it passes the platform secret key itself (64 hex digits, base64 or 32 bytes). */
export function sealerFor(keyOrSealer: string | Uint8Array | Sealer): Sealer {
  return typeof keyOrSealer === 'string' || keyOrSealer instanceof Uint8Array ? new SecretBox(keyOrSealer) : keyOrSealer;
}
