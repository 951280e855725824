import { emailSchema, statusesOf } from '@biztech/payments-core';
import { actorOf } from './actor.ts';
import { serviceFieldsOf } from './attributes.ts';
import { loadCurrentRegistration } from './current-registration.ts';
import type { ProxyEvent, ProxyResult } from './lambda-types.ts';
import { putRegistrationBodySchema } from './put-body.ts';
import { changeRefused, parseJsonBody, respond, ServiceError } from './responses.ts';
import type { ServiceDeps } from './service-deps.ts';
import { updateServiceFields } from './service-fields.ts';
import { changeStatus } from './status-change.ts';

const notFound = (email: string, eventID: string, year: number) =>
  new ServiceError(
    409,
    'registration_not_found',
    `Update error because the registration entry for user '${email}' and with eventID;year '${eventID};${year}' does not exist`,
  );

/**
 * Today's `PUT /registrations/{email}/{fname}`. The body is split at the boundary of
 * `attributes.ts`:
 * - `registrationStatus` is a machine event through core's runner (`changeStatus`): confirming,
 *   cancelling (seat released, a paid place's refund queued), checking in; a change the machine
 *   refuses is `409 change_refused` and nothing at all is written, the other fields included;
 * - `applicationStatus` is refused (`409`, reason `use_admin_decision`): a decision is the
 *   packages' `DECIDE` event (the payments API's admin decision route);
 * - the service's own fields (`points`, `dynamicResponses`, ...) are a plain UpdateItem as today,
 *   made after the machine's commit: repeating the request is safe (the status step is then a
 *   no-op), which covers a failure between the two writes.
 *
 * Answers: `200 { registrationStatus, applicationStatus?, message }`; `406 invalid_body`;
 * `409 change_refused` or `registration_not_found` (today's status for a missing entry).
 */
export async function putRegistration(deps: ServiceDeps, request: ProxyEvent): Promise<ProxyResult> {
  const email = emailSchema.safeParse(request.pathParameters?.email ?? '');
  if (!email.success) throw new ServiceError(406, 'invalid_email', 'Invalid email');
  const parsed = putRegistrationBodySchema.safeParse(parseJsonBody(request.body));
  if (!parsed.success) {
    throw new ServiceError(406, 'invalid_body', 'the registration update is not valid', {
      issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })),
    });
  }
  const body = parsed.data;
  if (body.applicationStatus !== undefined) {
    throw changeRefused('use_admin_decision', 'applicationStatus is an admin decision, not a field');
  }
  const key = { email: email.data, eventID: body.eventID, year: body.year };
  const fields = serviceFieldsOf(body);

  let registrationStatus: string | undefined;
  let applicationStatus: string | undefined;
  if (body.registrationStatus !== undefined) {
    const current = await loadCurrentRegistration(deps, key);
    if (current === undefined) throw notFound(key.email, key.eventID, key.year);
    const next = await changeStatus(deps, key, current, body.registrationStatus, actorOf(request));
    ({ registrationStatus, applicationStatus } = statusesOf(next));
  }
  if (Object.keys(fields).length > 0) {
    const stored = await updateServiceFields(deps, key, fields);
    registrationStatus ??= stored;
  } else if (body.registrationStatus === undefined) {
    throw new ServiceError(406, 'invalid_body', 'the update names nothing to change');
  }
  return respond(200, {
    registrationStatus,
    ...(applicationStatus ? { applicationStatus } : {}),
    message: `User with email ${key.email} successfully registered (through update) to status '${registrationStatus}'!`,
  });
}
