import { AuditQuery, AuditResponse, presentAudit } from '../schemas/audits.js';
import { AuditService } from '../services/audits.js';
import { route } from '../../../kernel/operation.js';

/** /audits */
export const auditRoutes = [
  route({
    method: 'get',
    path: '/audits',
    summary: 'List recorded activity, filtered by app, space and user',
    tag: 'Audits',
    permission: 'audit:read',
    query: AuditQuery,
    response: AuditResponse,
    list: ['id'],
    handler: async ({ query, page, resolve }) => {
      const p = await resolve(AuditService).list(query, page);
      return { ...p, items: p.items.map(presentAudit) };
    },
  }),
];
