import { z } from 'zod';
import { route } from '../../../kernel/operation.js';
import { parseMetricsRange } from '../domain/range.js';
import { MetricsService } from '../services/metrics.js';

/** GET /apps/{app}/metrics */
export const metricsRoutes = [
  route({
    method: 'get',
    path: '/apps/:app/metrics',
    summary: "An app's CPU, memory, file system and network usage",
    tag: 'Metrics',
    query: z.object({ resolution: z.string().optional(), from: z.string().optional(), to: z.string().optional() }),
    response: z.record(z.string(), z.record(z.string(), z.number())).meta({ id: 'AppMetrics' }),
    permission: 'app:read',
    handler: async ({ params, query, resolve }) => resolve(MetricsService).metrics(params.app!, parseMetricsRange(query, new Date())),
  }),
];
