import { ValidationError } from '../../../errors.js';
import { applyConfigPatch, diffConfig, maskValues, validateConfigPatch } from '../domain/config-vars.js';
import type { AppView } from '../domain/records.js';
import type { Principal } from '../../../kernel/authenticator.js';
import type { StoreTx } from '../../../kernel/store.js';
import { REDACTED, eventSubject, redacts, requireApp } from './resolve.js';
import { composeConfig, configChanged, contributedConfig, type ConfigChangeHook, type ConfigSource } from './config-sources.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';

/** App config vars: read the effective set, patch the app's own. */
export class ConfigVarService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly sources: ConfigSource[] = [],
    private readonly changeHooks: ConfigChangeHook[] = [],
  ) {}

  /** The vars an app runs with: space, sources (addons), then its own (PORT excluded: the runtime sets it). */
  effective(tx: StoreTx, view: AppView): Promise<Record<string, string>> {
    return composeConfig(tx, view, this.sources);
  }

  /** Effective config vars of an app (values redacted in socs/prod spaces unless `reveal`: the caller holds config:read-secret). */
  get(ref: string, options: { reveal?: boolean } = {}): Promise<Record<string, string>> {
    return this.uow.read(async (tx) => {
      const view = await requireApp(tx, ref);
      const vars = await this.effective(tx, view);
      return redacts(view.space) && !options.reveal ? maskValues(vars, REDACTED) : vars;
    });
  }

  /** Merges a patch into the app's config vars: strings set, null deletes; PORT is reserved. */
  patch(actor: Principal, ref: string, body: Record<string, unknown>): Promise<Record<string, string>> {
    const patch = validateConfigPatch(body);
    if (!Object.keys(patch).length) throw new ValidationError('The patch names no config vars', 'body');
    return this.uow.run(actor, async (tx, events) => {
      const view = await requireApp(tx, ref);
      const contributed = await contributedConfig(tx, view, this.sources);
      const clash = Object.keys(patch).find((k) => k in contributed.by);
      if (clash) throw new ValidationError(`${clash} is set by ${contributed.by[clash]} and cannot be changed through config-vars`, clash);
      const owner = { kind: 'app' as const, id: view.app.id };
      const [space, before] = await Promise.all([tx.configVars.get({ kind: 'space', id: view.space.id }), tx.configVars.get(owner)]);
      const changes = diffConfig(before, patch);
      await tx.configVars.patch(owner, patch);
      // The result follows from what was read and written: no second round of reads (or decryptions).
      const vars = { ...space, ...contributed.vars, ...applyConfigPatch(before, patch) };
      if (changes.length) {
        await configChanged(tx, view, this.changeHooks, `Set ${changes.map((c) => c.name).join(', ')} config vars`, events);
        const shown = Object.fromEntries(changes.map((c) => [c.name, c.type === 'delete' ? before[c.name]! : patch[c.name]!]));
        events.emit('config_change', { ...eventSubject(view), changes, config_vars: redacts(view.space) ? maskValues(shown, REDACTED) : shown }, view.app.id);
      }
      return redacts(view.space) ? maskValues(vars, REDACTED) : vars;
    });
  }
}
