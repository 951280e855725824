import { json } from '../http/json-response.ts';
import type { Route } from '../http/router.ts';

/** `GET /health` → `200 { ok: true }`; touches no port, so it says the process is up, nothing more. */
export const healthRoute: Route = {
  method: 'GET',
  pattern: '/health',
  handle: async () => json(200, { ok: true }),
};
