/**
 * Tables no answer shows: the job queue and the seen-event keys are bookkeeping written on every poll, and counting
 * them as changes would empty a cache of answers several times a second for nothing.
 */
const BOOKKEEPING = new Set(['jobs', 'seen_events']);

/** Tables a statement writes. `for update` and `do update` (an upsert's conflict clause) are not writes of their own. */
const WRITE_TARGET = /(?<!\b(?:for|do)\s+)\b(?:insert\s+into|update|delete\s+from|replace\s+into|create\s+table|alter\s+table|drop\s+table)\s+(?:if\s+(?:not\s+)?exists\s+)?[`"]?(\w+)/gi;

/** Whether a statement may change data an answer can show (unrecognised writes count: over-counting is only slower). */
export function writesData(sql: string): boolean {
  for (const m of sql.matchAll(WRITE_TARGET)) if (!BOOKKEEPING.has(m[1]!.toLowerCase())) return true;
  return false;
}
