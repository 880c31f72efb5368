import { randomBytes } from 'node:crypto';
import { DriverUnavailableError } from '../../../errors.js';
import type { SecretBox } from '../../../kernel/secrets.js';

/**
 * Hook secrets of auto builds at rest: generated per registration, sealed with the platform key, opened only to
 * verify a delivery. Without a key there is nothing to seal with, so registration is refused rather than storing a
 * secret that lets anyone who reads the database forge pushes.
 */
export class AutoBuildSecrets {
  constructor(private readonly box: SecretBox | null) {}

  /** A fresh secret for a new hook registration (GitHub accepts any string; 32 random bytes in hex). */
  generate(): string {
    this.require();
    return randomBytes(32).toString('hex');
  }

  /** The secret as it is stored. */
  seal(secret: string): string {
    return this.require().seal(secret);
  }

  /** The stored secret in clear, to verify a delivery. */
  open(sealed: string): string {
    return this.require().open(sealed);
  }

  private require(): SecretBox {
    if (!this.box) throw new DriverUnavailableError('Auto builds need the platform secret key (secretKey) to seal their hook secrets; none is configured on this controller.');
    return this.box;
  }
}
