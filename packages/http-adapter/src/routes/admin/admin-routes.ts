import type { AddRoute } from '../../http/app.ts';
import { adminOnly } from '../../http/token-guards.ts';
import { cancelRegistration, cancelRegistrationRoute } from './cancel-registration.ts';
import { checkInRegistration, checkInRegistrationRoute } from './check-in-registration.ts';
import { decideRegistration, decideRegistrationRoute } from './decide-registration.ts';
import { grantMembership, grantMembershipRoute } from './grant-membership.ts';
import { listQueue, listQueueRoute } from './list-queue.ts';
import { listRegistrations, listRegistrationsRoute } from './list-registrations.ts';
import { promoteRegistration, promoteRegistrationRoute } from './promote-registration.ts';
import {
  membershipAudit,
  membershipAuditRoute,
  registrationAudit,
  registrationAuditRoute,
} from './read-audit.ts';
import { resolveQueueItem, resolveQueueItemRoute } from './resolve-queue-item.ts';
import { reconcileRoute, runReconcile } from './run-reconcile.ts';

/** Registers the operator API (CONTRACT §5), every route behind the `adminOnly` guard. @internal */
export function addAdminRoutes(add: AddRoute): void {
  add(listRegistrationsRoute, 'none', listRegistrations, adminOnly);
  add(decideRegistrationRoute, 'json', decideRegistration, adminOnly);
  add(checkInRegistrationRoute, 'none', checkInRegistration, adminOnly);
  add(cancelRegistrationRoute, 'optional-json', cancelRegistration, adminOnly);
  add(promoteRegistrationRoute, 'none', promoteRegistration, adminOnly);
  add(grantMembershipRoute, 'json', grantMembership, adminOnly);
  add(registrationAuditRoute, 'none', registrationAudit, adminOnly);
  add(membershipAuditRoute, 'none', membershipAudit, adminOnly);
  add(listQueueRoute, 'none', listQueue, adminOnly);
  add(resolveQueueItemRoute, 'json', resolveQueueItem, adminOnly);
  add(reconcileRoute, 'optional-json', runReconcile, adminOnly);
}
