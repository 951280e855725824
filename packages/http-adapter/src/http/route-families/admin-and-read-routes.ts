import { registerApiDocs } from '../../openapi/api-docs.ts';
import { addAdminRoutes } from '../../routes/admin/admin-routes.ts';
import { confirmRegistration, confirmRegistrationRoute } from '../../routes/confirm-registration.ts';
import { getMembership, getMembershipRoute } from '../../routes/get-membership.ts';
import { getRegistration, getRegistrationRoute } from '../../routes/get-registration.ts';
import { health, healthRoute } from '../../routes/health.ts';
import { createReadiness, readinessRoute } from '../../routes/health-ready.ts';
import { putRegistration, putRegistrationRoute } from '../../routes/put-registration.ts';
import { ownerOrAdmin } from '../token-guards.ts';
import type { RouteFamily } from './route-family.ts';

/**
 * Admin and reads: the operator API (`/admin/*`, behind the token guard), the personal routes
 * (`GET /registrations/{email}/{eventID}/{year}`, `GET /memberships/{email}`, the attendee's
 * `PUT /registrations/{email}/{fname}` and `.../confirm`, each behind `ownerOrAdmin`), health, and the
 * OpenAPI document with its page. The document describes the whole API behind the gateway: every
 * family's declarations, imported on its first request.
 */
export const adminAndReadRoutes: RouteFamily = (add) => {
  add(healthRoute, 'none', health);
  add(readinessRoute, 'none', createReadiness());
  add(getRegistrationRoute, 'none', getRegistration, ownerOrAdmin);
  add(putRegistrationRoute, 'json', putRegistration, ownerOrAdmin);
  add(confirmRegistrationRoute, 'none', confirmRegistration, ownerOrAdmin);
  add(getMembershipRoute, 'none', getMembership, ownerOrAdmin);
  addAdminRoutes(add);
  registerApiDocs(add, async () => (await import('./whole-api.ts')).wholeApiDeclarations());
};
