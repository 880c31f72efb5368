import type { PlatformEvent, PlatformEventMap } from '../../../kernel/payloads.js';
import type { DrainLogEntry } from '../log-drain-transport.js';

/** A platform line before it is addressed to an app (the forwarder fills in `app`). */
export type PlatformLine = Omit<DrainLogEntry, 'app'>;

const INFO = 6;
const ERROR = 3;

/**
 * The lines the platform itself writes to an app's drains for one event: builds started and finished, releases
 * created and rolled out, scaling, crashes. Other events write nothing. Pure, so the wording is tested alone.
 */
export function platformLines(event: PlatformEvent): PlatformLine[] {
  const line = (source: string, message: string, extra: Partial<PlatformLine> = {}): PlatformLine => ({
    timestamp: event.at, source, process_type: '', dyno: '', message, severity: INFO, ...extra,
  });
  switch (event.action) {
    case 'build': {
      const { build } = event.payload as PlatformEventMap['build'];
      if (build.result === 'pending') return [line('build', `Build ${build.id} started by ${event.username}`)];
      return [line('build', `Build ${build.id} ${build.result}`, build.result === 'failed' ? { severity: ERROR } : {})];
    }
    case 'release': {
      const { release } = event.payload as PlatformEventMap['release'];
      return [line('slipway', `Release v${release.version} created by ${event.username}: ${release.description}`)];
    }
    case 'released': {
      const { slug } = event.payload as PlatformEventMap['released'];
      return [line('slipway', `Release deployed: every dyno runs ${slug.image}`)];
    }
    case 'formation_change': {
      const { change, changes } = event.payload as PlatformEventMap['formation_change'];
      return changes.map((c) =>
        line('slipway', change === 'delete' ? `Removed process type ${c.type} (by ${event.username})` : `Scaled ${c.type} to ${c.quantity}:${c.size} by ${event.username}`, { process_type: c.type }),
      );
    }
    case 'crashed': {
      const p = event.payload as PlatformEventMap['crashed'];
      return p.dynos.map((d) =>
        line('slipway', `Error ${p.code} (${p.description}): dyno ${d.dyno} crashed, ${p.restarts} restarts`, { process_type: d.type, dyno: d.dyno, severity: ERROR }),
      );
    }
    default:
      return [];
  }
}
