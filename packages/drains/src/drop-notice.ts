import type { DrainLogEntry } from '@slipway/core';

/**
 * The platform line a drain sends once it can deliver again after dropping lines, modelled on Heroku's L10
 * (`Error L10 (output buffer overflow): N messages dropped since <time>.`).
 */
export function dropNotice(app: string, dropped: number, since: Date): DrainLogEntry {
  return {
    timestamp: new Date(),
    app,
    process_type: 'L10',
    dyno: 'drain',
    source: 'slipway',
    severity: 4,
    message: `Error L10 (output buffer overflow): ${dropped} lines dropped since ${since.toISOString()}.`,
  };
}
