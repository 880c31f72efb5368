import { z } from 'zod';
import type { AuditEntry } from '../domain/records.js';

/** GET /audits query. */
export const AuditQuery = z.object({
  app: z.string().min(1).optional(),
  space: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
});

/** An audit entry as the API shows it: the event payload plus `action`, `username` and `timestamp`. */
export const AuditResponse = z
  .looseObject({
    action: z.string(),
    app: z.object({ name: z.string(), id: z.string() }).optional(),
    space: z.object({ name: z.string() }).optional(),
    username: z.string(),
    timestamp: z.string(),
  })
  .meta({ id: 'Audit' });

/** Wire shape of an audit entry. */
export function presentAudit(a: AuditEntry): z.infer<typeof AuditResponse> {
  return { action: a.action, ...a.payload, username: a.username, timestamp: a.created_at.toISOString() };
}
