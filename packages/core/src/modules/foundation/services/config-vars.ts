import { ConcurrencyError, ValidationError } from '../../../errors.js';
import { applyConfigPatch, diffConfig, maskValues, validateConfigPatch } from '../domain/config-vars.js';
import type { AppView } from '../domain/records.js';
import type { Principal } from '../../../kernel/authenticator.js';
import type { StoreTx } from '../../../kernel/store.js';
import { REDACTED, eventSubject, redacts, requireApp } from './resolve.js';
import { composeConfig, configChanged, contributedConfig, prepareConfigChange, type ConfigChangeHook, type ConfigSource } from './config-sources.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';
import { settleAll } from '../../../kernel/settle.js';

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

  /**
   * Merges a patch into the app's config vars: strings set, null deletes; PORT is reserved. `known`, the app view the
   * permission check loaded in this request, lets every read of the transaction go out at once.
   */
  patch(actor: Principal, ref: string, body: Record<string, unknown>, known?: AppView): Promise<Record<string, string>> {
    const patch = validateConfigPatch(body);
    if (!Object.keys(patch).length) throw new ValidationError('The patch names no config vars', 'body');
    let guess = known;
    return this.uow.run(actor, async (tx, events) => {
      // The read of the vars confirms, in the transaction, that the app (the permission check's, when given) is still
      // in its space: one that was deleted meanwhile drops the guess and re-runs the work from a fresh look-up.
      const view = guess ?? (await requireApp(tx, ref));
      // What the change's event and hooks read goes out beside the write, not after it (while it holds its row locks).
      events.expect('config_change', view.app.id);
      prepareConfigChange(tx, view, this.changeHooks);
      // The write goes with the read (a store may send both as one statement): it takes the rows' locks, so the outbox's
      // jobs (ordered by creation) are made after any earlier writer of the same vars committed, and each hook hears
      // the changes in the order they won. A refusal below rolls it back with the transaction.
      const [contributed, both] = await settleAll([contributedConfig(tx, view, this.sources), tx.configVars.patchOfApp(view.app.id, view.space.id, patch)]);
      if (!both) {
        guess = undefined;
        throw new ConcurrencyError('The app changed while its config was patched.');
      }
      const [space, before] = both;
      const clash = Object.keys(patch).find((k) => k in contributed.by);
      if (clash) throw new ValidationError(`${clash} is set by ${contributed.by[clash]} and cannot be changed through config-vars`, clash);
      const changes = diffConfig(before, patch);
      // The result follows from what was read and written: no second round of reads (or decryptions).
      const vars = { ...space, ...contributed.vars, ...applyConfigPatch(before, patch) };
      if (!changes.length) return redacts(view.space) ? maskValues(vars, REDACTED) : vars;
      const shown = Object.fromEntries(changes.map((c) => [c.name, c.type === 'delete' ? before[c.name]! : patch[c.name]!]));
      // The event's subscribers (audit row, outbox) run beside the change hooks (a new release of the written config).
      await settleAll([
        events.emit('config_change', { ...eventSubject(view), changes, config_vars: redacts(view.space) ? maskValues(shown, REDACTED) : shown }, view.app.id),
        configChanged(tx, view, this.changeHooks, `Set ${changes.map((c) => c.name).join(', ')} config vars`, events),
      ]);
      return redacts(view.space) ? maskValues(vars, REDACTED) : vars;
    });
  }
}
