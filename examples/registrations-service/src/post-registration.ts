import {
  applyRegistrationEvent,
  type EventRecord,
  eventPriceCents,
  liveCheckoutUrl,
  type RegistrationKey,
  registrationRequestSchema,
  statusesOf,
} from '@biztech/payments-core';
import { serviceFieldsOf } from './attributes.ts';
import { type CurrentRegistration, loadCurrentRegistration } from './current-registration.ts';
import type { ProxyEvent, ProxyResult } from './lambda-types.ts';
import { parseJsonBody, respond, ServiceError } from './responses.ts';
import type { ServiceDeps } from './service-deps.ts';
import { updateServiceFields } from './service-fields.ts';

/** Today's `{ registrationStatus, applicationStatus? }` of a registration ('' left out, as today's items read). */
function statusFields(current: Pick<CurrentRegistration, 'snapshot'>) {
  const { registrationStatus, applicationStatus } = statusesOf(current.snapshot);
  return applicationStatus === '' ? { registrationStatus } : { registrationStatus, applicationStatus };
}

/**
 * A second `POST /registrations` for the same place. Still to pay (`incomplete`): today's
 * re-registration shortcut, `200 { message, url }` — but `url` only while its checkout session is
 * live, so a dead page is never handed out; without it the frontend goes on to `POST /payments`,
 * which opens a fresh session (opening one needs the Stripe gateway, which is not in core or aws).
 * The form is updated as today's `updateHelper(data, false)` did. Any other state: today's 400.
 */
async function registerAgain(
  deps: ServiceDeps,
  key: RegistrationKey,
  existing: CurrentRegistration,
  form: Record<string, unknown>,
): Promise<ProxyResult> {
  if (existing.snapshot.value !== 'incomplete') {
    throw new ServiceError(400, 'already_registered', 'You are already registered for this event!');
  }
  if (Object.keys(form).length > 0) await updateServiceFields(deps, key, form);
  const url = liveCheckoutUrl(existing.snapshot, deps.clock.now());
  return respond(200, { message: 'Redirect to link', ...(url ? { url } : {}), ...statusFields(existing) });
}

/** Whether the event has a seat left, by the counter the packages' commits keep. */
async function seatAvailable(deps: ServiceDeps, event: EventRecord): Promise<boolean> {
  return event.capac === undefined || (await deps.events.seatsTaken(event.id, event.year)) < event.capac;
}

/**
 * Today's `POST /registrations` (`regForPaid`, `regForPaidApp`, `regForFree` bodies, unchanged).
 * The initial state comes from core's machine, never from the client's `registrationStatus`:
 * a paid event → `incomplete` (no seat taken until a checkout holds one), a free event →
 * `registered` with its seat counted in the same transaction (or `waitlist` when full), an
 * application → `applicationStatus: "reviewing"`. The form is stored with the item as today.
 *
 * Answers: `201 { registrationStatus, applicationStatus?, message }`; the re-registration shortcut
 * `200 { message, url? }`; `400 already_registered`, `404 event_not_found`, `406 invalid_body`.
 */
export async function postRegistration(deps: ServiceDeps, request: ProxyEvent): Promise<ProxyResult> {
  const parsed = registrationRequestSchema.safeParse(parseJsonBody(request.body));
  if (!parsed.success) {
    throw new ServiceError(406, 'invalid_body', 'the registration body is not valid', {
      issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })),
    });
  }
  const body = parsed.data;
  const key = { email: body.email, eventID: body.eventID, year: body.year };
  const event = await deps.events.getEvent(key.eventID, key.year);
  if (event === undefined) {
    throw new ServiceError(
      404,
      'event_not_found',
      `Event with id '${key.eventID}' and secondaryKey '${key.year}' could not be found. Make sure you have provided them correctly.`,
    );
  }
  const form = serviceFieldsOf(body);
  const existing = await loadCurrentRegistration(deps, key, event);
  if (existing !== undefined) return registerAgain(deps, key, existing, form);

  const user = await deps.users.getUser(key.email);
  const result = await applyRegistrationEvent(
    deps,
    key,
    {
      type: 'REGISTER',
      ...key,
      isApplicationBased: event.isApplicationBased,
      priceCents: eventPriceCents(event.pricing, user?.isMember ?? false),
      seatAvailable: await seatAvailable(deps, event),
    },
    // `loaded: null`: we just read that there is no item, so the runner does not read again.
    { form, loaded: null, event },
  );
  if (!result.committed) {
    // Another request created it a moment earlier (a second tab): answer as to a second call.
    const winner = await loadCurrentRegistration(deps, key, event);
    if (winner !== undefined) return registerAgain(deps, key, winner, form);
    throw new ServiceError(400, 'already_registered', 'You are already registered for this event!');
  }
  const statuses = statusFields(result);
  return respond(201, {
    ...statuses,
    message: `User with email ${key.email} successfully registered (created) to status '${statuses.registrationStatus}'!`,
  });
}
