import {
  applyRegistrationEvent,
  type EventRecord,
  eventPriceCents,
  type RegistrationKey,
  type RegistrationRequest,
  registrationRequestSchema,
  statusesOf,
} from '@biztech/payments-core';
import { openRegistrationCheckout } from '../flows/registration-checkout.ts';
import { type LoadedRegistration, loadRegistration, settleRegistration } from '../flows/registration-view.ts';
import { runEffects } from '../flows/run-effects.ts';
import { httpError, json } from '../http/json-response.ts';
import { readJson, validate } from '../http/read-body.ts';
import { eventRedirectDefaults } from '../http/redirects.ts';
import type { Route } from '../http/router.ts';
import type { RouteContext } from './route-context.ts';
import { statusBody } from './status-body.ts';

/** The form attributes stored with a new registration, as today's frontend sends them. */
function formOf(body: RegistrationRequest): Record<string, unknown> {
  const form: Record<string, unknown> = {
    fname: body.fname,
    studentId: body.studentId,
    basicInformation: body.basicInformation,
    dynamicResponses: body.dynamicResponses,
    isPartner: body.isPartner,
    points: body.points,
  };
  return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined));
}

/**
 * A second `POST /registrations` for the same place: an unpaid one (or a waitlisted paid one whose
 * turn has come) gets `200 { url }` with a live checkout; any other is `409 already_registered`.
 */
async function resume(
  context: RouteContext,
  key: RegistrationKey,
  event: EventRecord,
  found: LoadedRegistration,
): Promise<Response> {
  const existing = await settleRegistration(context, key, found);
  const { value, context: record } = existing.snapshot;
  // Unpaid, or waitlisted for a paid event (it may pay once a seat is free for it).
  const payable = value === 'incomplete' || (value === 'waitlist' && !record.isApplicationBased);
  if (!payable) {
    throw httpError('already_registered', 409, 'this email is already registered for the event');
  }
  const session = await openRegistrationCheckout(context, {
    key,
    event,
    snapshot: existing.snapshot,
    urls: eventRedirectDefaults(context.config, key.eventID, key.year),
  });
  context.setOutcome('resumed');
  return json(200, { url: session.url });
}

/**
 * `POST /registrations`: registers for an event with today's frontend body. The status comes from
 * the machine (free → `registered` or `waitlist`, paid → `incomplete`, application → `reviewing`),
 * never from the client's `registrationStatus`. An `incomplete` registration that registers again
 * gets `200 { url }` with a live checkout (a new session when the old one expired).
 */
export const postRegistrationsRoute: Route = {
  method: 'POST',
  pattern: '/registrations',
  async handle(context) {
    const { deps, config } = context;
    const body = validate(registrationRequestSchema, await readJson(context.request, config.maxBodyBytes));
    const key = { email: body.email, eventID: body.eventID, year: body.year };
    const event = await deps.events.getEvent(key.eventID, key.year);
    if (event === undefined)
      throw httpError('event_not_found', 404, `there is no event ${key.eventID} ${key.year}`);

    const existing = await loadRegistration(deps, key, event);
    if (existing !== undefined) return resume(context, key, event, existing);

    const user = await deps.users.getUser(key.email);
    const seatAvailable =
      event.capac === undefined || (await deps.events.seatsTaken(key.eventID, key.year)) < event.capac;
    const result = await applyRegistrationEvent(
      deps,
      key,
      {
        type: 'REGISTER',
        ...key,
        isApplicationBased: event.isApplicationBased,
        priceCents: eventPriceCents(event.pricing, user?.isMember ?? false),
        seatAvailable,
      },
      { form: formOf(body) },
    );
    if (!result.committed) {
      // Someone registered the same email a moment earlier (another tab): answer as to a second call.
      const winner = await loadRegistration(deps, key, event);
      if (winner !== undefined) return resume(context, key, event, winner);
      throw httpError('already_registered', 409, 'this email is already registered for the event');
    }
    await runEffects(context, { kind: 'registration', eventID: key.eventID, year: key.year }, result.effects);
    context.setOutcome(result.snapshot.value);
    return json(201, statusBody(statusesOf(result.snapshot)));
  },
};
