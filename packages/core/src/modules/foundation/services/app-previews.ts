import type { InjectionToken } from 'tsyringe';
import type { StoreTx } from '../../../kernel/store.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';

/** For the given apps, the preview id of each app that is a preview of another app (absent: not a preview). */
export type AppPreviewLookup = (tx: StoreTx, appIds: string[]) => Promise<Map<string, string>>;

/** DI token of the lookups filling an app's `preview` field; the module that makes preview apps contributes one. */
export const APP_PREVIEW_LOOKUPS: InjectionToken<AppPreviewLookup[]> = Symbol.for('slipway.AppPreviewLookups');

/** Which apps are previews, for the `preview` field of the app wire shape. */
export class AppPreviewService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly lookups: AppPreviewLookup[],
  ) {}

  /** Preview ids by app id; empty without any lookup (no module makes previews). */
  async of(appIds: string[]): Promise<Map<string, string>> {
    if (!this.lookups.length || !appIds.length) return new Map();
    return this.uow.read(async (tx) => {
      const found = new Map<string, string>();
      for (const lookup of this.lookups) for (const [k, v] of await lookup(tx, appIds)) found.set(k, v);
      return found;
    });
  }
}
