import { SYSTEM_PRINCIPAL } from '../../../kernel/authenticator.js';
import type { RuntimeDriver } from '../ports/runtime-driver.js';
import { hasRuntimeEvents, type CrashedRuntimeEvent, type RuntimeEventSubscription } from '../ports/runtime-events.js';
import type { ModuleContext } from '../../../kernel/module.js';
import { eventSubject } from '../../foundation/services/resolve.js';
import type { UnitOfWork } from '../../../kernel/unit-of-work.js';

/** How long seen-event keys are kept: longer than any engine replays old events after a reconnect. */
const SEEN_TTL_MS = 24 * 3600_000;

/** The identity of one crash, the same for every controller that observes it. */
export function crashKey(e: CrashedRuntimeEvent): string {
  const dynos = e.dynos.map((d) => `${d.type}.${d.dyno}`).sort().join(',');
  return `crashed:${e.app.id}:${e.code}:${dynos}:${e.crashed_at}`;
}

/**
 * Announces a runtime-reported crash once: the `crashed` event (audit row + webhooks) is written only by
 * the controller that records the crash's key first. Unknown (deleted) apps are ignored.
 */
export async function recordCrash(uow: UnitOfWork, e: CrashedRuntimeEvent): Promise<boolean> {
  return uow.run(SYSTEM_PRINCIPAL, async (tx, events) => {
    const view = await tx.apps.find({ id: e.app.id });
    if (!view) return false;
    if (!(await tx.seenEvents.remember(crashKey(e), new Date()))) return false;
    await events.emit(
      'crashed',
      { ...eventSubject(view), code: e.code, description: e.description, restarts: e.restarts, dynos: e.dynos, crashed_at: e.crashed_at },
      view.app.id,
    );
    return true;
  });
}

/**
 * Subscribes to a runtime's own events when it offers them (an optional capability): crashes become
 * `crashed` events. `released` is not taken from the runtime: deploy jobs announce it when a rollout
 * completes, with the release it belongs to.
 */
export function watchRuntimeEvents(ctx: ModuleContext, runtime: RuntimeDriver | undefined): void {
  {
    if (!runtime || !hasRuntimeEvents(runtime)) return;
    let subscription: RuntimeEventSubscription | null = null;
    let pending = Promise.resolve();
    ctx.lifecycle.onStart(async () => {
      await ctx.uow.run(SYSTEM_PRINCIPAL, (tx) => tx.seenEvents.forget(new Date(Date.now() - SEEN_TTL_MS)));
      subscription = await runtime.watchEvents((event) => {
        if (event.kind !== 'crashed') return;
        // One at a time, in arrival order; a failure to record one crash must not stop the others.
        pending = pending.then(() => recordCrash(ctx.uow, event).then(() => undefined, () => undefined));
      });
    });
    ctx.lifecycle.onClose(async () => {
      await subscription?.close();
      await pending;
    });
  }
}
