import type { InjectionToken } from 'tsyringe';
import type { AppView } from '../domain/records.js';
import type { StoreTx } from '../../../kernel/store.js';
import { settleAll } from '../../../kernel/settle.js';
import type { EventSink } from '../../../kernel/unit-of-work.js';

/**
 * A contributor of config vars the user does not edit through config-vars (addon credentials).
 * Its vars are part of the effective config and of the runtime env, and PATCH config-vars refuses them.
 */
export interface ConfigSource {
  /** Shown in the error when a user tries to set one of its keys (e.g. "addon"). */
  name: string;
  /** The vars it contributes to one app. */
  vars(tx: StoreTx, view: AppView): Promise<Record<string, string>>;
}

/** DI token of the config sources features register. */
export const CONFIG_SOURCES: InjectionToken<ConfigSource[]> = Symbol.for('slipway.ConfigSources');

/**
 * Called inside the transaction whenever an app's effective config changed (its own vars, its
 * space's, or a source's), so the runtime feature can roll the app onto a new release. `events` is the
 * unit of work's sink when the change has one (a user's request), so what the hook does is announced too.
 */
export type ConfigChangeHook = ((tx: StoreTx, view: AppView, description: string, events?: EventSink) => Promise<void>) & {
  /** Told that a config change of `view` is likely in `tx` (see `prepareConfigChange`): may start its reads; must not throw. */
  prepare?: (tx: StoreTx, view: AppView) => void;
};

/** DI token of the config-change hooks features register. */
export const CONFIG_CHANGE_HOOKS: InjectionToken<ConfigChangeHook[]> = Symbol.for('slipway.ConfigChangeHooks');

/** What every source contributes to one app, with the source that set each key. */
export async function contributedConfig(tx: StoreTx, view: AppView, sources: ConfigSource[]): Promise<{ vars: Record<string, string>; by: Record<string, string> }> {
  const vars: Record<string, string> = {};
  const by: Record<string, string> = {};
  for (const s of sources) {
    for (const [k, v] of Object.entries(await s.vars(tx, view))) {
      vars[k] = v;
      by[k] = s.name;
    }
  }
  return { vars, by };
}

/** The vars an app runs with, lowest precedence first: its space's, then sources (addons), then its own. */
export async function composeConfig(tx: StoreTx, view: AppView, sources: ConfigSource[]): Promise<Record<string, string>> {
  const [[space, own], { vars: contributed }] = await settleAll([
    tx.configVars.getBoth({ kind: 'space', id: view.space.id }, { kind: 'app', id: view.app.id }),
    contributedConfig(tx, view, sources),
  ]);
  return { ...space, ...contributed, ...own };
}

/** Lets every config-change hook start what it will read, beside the change's own first statements. */
export function prepareConfigChange(tx: StoreTx, view: AppView, hooks: ConfigChangeHook[]): void {
  for (const hook of hooks) hook.prepare?.(tx, view);
}

/** Runs every config-change hook for one app. */
export async function configChanged(tx: StoreTx, view: AppView, hooks: ConfigChangeHook[], description: string, events?: EventSink): Promise<void> {
  for (const hook of hooks) await hook(tx, view, description, events);
}
