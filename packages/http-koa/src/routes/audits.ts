import { AuditQuery, AuditResponse, AuditService, presentAudit } from '@slipway/core';
import { route } from '../route.js';

/** /audits */
export const auditRoutes = [
  route({
    method: 'get',
    path: '/audits',
    summary: 'List recorded activity, filtered by app, space and user',
    tag: 'Audits',
    query: AuditQuery,
    response: AuditResponse,
    list: ['id'],
    handler: async ({ query, page, resolve }) => {
      const p = await resolve(AuditService).list(query, page);
      return { ...p, items: p.items.map(presentAudit) };
    },
  }),
];
