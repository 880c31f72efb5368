import { z } from 'zod';
import type { AuditEntry } from '../domain/records.js';

/** GET /audits query. */
export const AuditQuery = z.object({
  app: z.string().min(1).optional(),
  space: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
});

/** An audit entry as the API shows it: the event payload plus `action`, `username`, `timestamp`, `received_at` and `info`. */
export const AuditResponse = z
  .looseObject({
    action: z.string(),
    app: z.object({ name: z.string(), id: z.string() }).optional(),
    space: z.object({ name: z.string() }).optional(),
    username: z.string(),
    timestamp: z.string(),
    // Read by the Akkeris CLI (plugins/audits/index.js): the entry's time under its name, and a one-line summary.
    received_at: z.string(),
    info: z.string(),
  })
  .meta({ id: 'Audit' });

/** Wire shape of an audit entry. */
export function presentAudit(a: AuditEntry): z.infer<typeof AuditResponse> {
  const at = a.created_at.toISOString();
  return { action: a.action, ...a.payload, username: a.username, timestamp: at, received_at: at, info: JSON.stringify(a.payload) };
}
