import type { RouteHandler } from '@hono/zod-openapi';
import { JSON_HEADERS, type PaymentsEnv } from '../http/payments-env.ts';
import { declareRoute } from './declare-route.ts';
import { errorResponses, FAULTS, healthSchema, jsonResponse } from './schemas.ts';

/** `GET /health`, declared. */
export const healthRoute = declareRoute({
  method: 'get',
  path: '/health',
  tags: ['Health'],
  summary: 'Liveness',
  description:
    'Touches no port: the process is up, nothing more. `GET /health/ready` probes the dependencies.',
  responses: {
    200: jsonResponse(healthSchema, 'Up'),
    ...errorResponses(FAULTS),
  },
});

/** `GET /health` → `200 { ok: true }`; touches no port, so it says the process is up, nothing more. */
export const health: RouteHandler<typeof healthRoute, PaymentsEnv> = (c) =>
  c.json({ ok: true as const }, 200, JSON_HEADERS);
