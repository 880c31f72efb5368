import type { SecretBox } from '../../../kernel/secrets.js';
import type { Hook } from './hooks.js';

/** Marks a stored hook secret as sealed, so rows written before sealing (plain text) are still told apart. */
const SEALED = 'sealed:';

/**
 * Hook secrets at rest: sealed with the platform key on every write, opened on every read. Rows stored in plain
 * text before a key was configured are read as they are and sealed the next time the hook is written.
 */
export class HookSecrets {
  constructor(private readonly box: SecretBox | null) {}

  /** The hook as it is stored: its secret sealed when the platform has a key. */
  seal(hook: Hook): Hook {
    return this.box ? { ...hook, secret: SEALED + this.box.seal(hook.secret) } : hook;
  }

  /** The hook as the service uses it: its secret in clear. */
  open(hook: Hook): Hook {
    if (!hook.secret.startsWith(SEALED)) return hook;
    // A sealed row without the key cannot be signed for: failing loudly beats sending unsigned deliveries.
    if (!this.box) throw new Error(`the secret of hook ${hook.id} is sealed, but the webhooks module was given no secretKey`);
    return { ...hook, secret: this.box.open(hook.secret.slice(SEALED.length)) };
  }

  /** Whether a stored row still holds its secret in plain text (written before sealing). */
  isPlain(hook: Hook): boolean {
    return this.box !== null && !hook.secret.startsWith(SEALED);
  }
}
