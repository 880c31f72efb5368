import { z } from 'zod';
import { route } from '@slipway/core';

/** GET /health and GET /openapi.json, served without a token (mounted directly; declared for the document). */
export const healthRoutes = [
  route({ method: 'get', path: '/health', summary: 'Liveness', tag: 'Meta', public: true, response: z.object({ status: z.string() }), handler: () => ({ status: 'ok' }) }),
  route({ method: 'get', path: '/openapi.json', summary: 'This OpenAPI 3.1 document', tag: 'Meta', public: true, response: z.looseObject({ openapi: z.string() }), handler: () => ({}) }),
];
