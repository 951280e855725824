import {
  applyRegistrationEvent,
  type EventRecord,
  eventPriceCents,
  type RegistrationKey,
  type RegistrationRequest,
  registrationRequestSchema,
  statusesOf,
} from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { openRegistrationCheckout } from '../flows/registration-checkout.ts';
import {
  type LoadedRegistration,
  loadRegistration,
  runnerReads,
  settleRegistration,
} from '../flows/registration-view.ts';
import { runEffects } from '../flows/run-effects.ts';
import { httpError } from '../http/json-response.ts';
import { JSON_HEADERS, type PaymentsEnv, routeContextOf } from '../http/payments-env.ts';
import { eventRedirectDefaults } from '../http/redirects.ts';
import { assertActsFor } from '../http/token-guards.ts';
import { declareRoute } from './declare-route.ts';
import type { RouteContext } from './route-context.ts';
import {
  errorResponses,
  GATEWAY_FAULTS,
  jsonResponse,
  OPTIONAL_TOKEN,
  registrationStatusSchema,
  resumeCheckoutSchema,
} from './schemas.ts';
import { statusBody } from './status-body.ts';

/** `POST /registrations`, declared: today's frontend body in, the machine's statuses out. */
export const postRegistrationsRoute = declareRoute({
  method: 'post',
  path: '/registrations',
  tags: ['Registrations'],
  security: OPTIONAL_TOKEN,
  summary: 'Register for an event',
  description:
    'Today’s frontend body (`regForPaid`, `regForPaidApp`, `regForFree`). The status comes from the machine, ' +
    'never from the client’s `registrationStatus`: free → `registered` (or `waitlist` when full), paid → ' +
    '`incomplete`, application-based → `applicationStatus: "reviewing"`. An `incomplete` registration that ' +
    'registers again (or a waitlisted paid one whose turn has come) gets `200 { url }` with a live ' +
    'checkout (a new session when the old one expired).',
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: registrationRequestSchema.meta({ id: 'RegistrationRequest' }) },
      },
    },
  },
  responses: {
    201: jsonResponse(registrationStatusSchema, 'Registered; the statuses the machine chose'),
    200: jsonResponse(resumeCheckoutSchema, 'Already registered and still to pay: a live checkout'),
    ...errorResponses({
      400: ['invalid_json', 'invalid_body'],
      401: ['invalid_token'],
      403: ['not_owner'],
      404: ['event_not_found', 'registration_not_found'],
      409: ['already_registered', 'already_paid', 'not_payable', 'free_event', 'event_full'],
      413: ['payload_too_large'],
      429: ['too_many_sessions'],
      ...GATEWAY_FAULTS,
      503: [...GATEWAY_FAULTS[503], 'identity_unavailable'],
    }),
  },
});

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
  c: Context<PaymentsEnv>,
  context: RouteContext,
  key: RegistrationKey,
  event: EventRecord,
  found: LoadedRegistration,
) {
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
    registration: existing,
    urls: eventRedirectDefaults(context.config, key.eventID, key.year),
  });
  context.setOutcome('resumed');
  return c.json({ url: session.url }, 200, JSON_HEADERS);
}

/**
 * `POST /registrations`: registers for an event with today's frontend body. The status comes from
 * the machine (free → `registered` or `waitlist`, paid → `incomplete`, application → `reviewing`),
 * never from the client's `registrationStatus`. An `incomplete` registration that registers again
 * gets `200 { url }` with a live checkout (a new session when the old one expired).
 */
export const postRegistrations: RouteHandler<typeof postRegistrationsRoute, PaymentsEnv> = async (c) => {
  const context = routeContextOf(c);
  const { deps } = context;
  const body = c.req.valid('json');
  assertActsFor(c, body.email);
  const key = { email: body.email, eventID: body.eventID, year: body.year };
  const event = await deps.events.getEvent(key.eventID, key.year);
  if (event === undefined)
    throw httpError('event_not_found', 404, `there is no event ${key.eventID} ${key.year}`);

  const existing = await loadRegistration(deps, key, event);
  if (existing !== undefined) return resume(c, context, key, event, existing);

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
    { form: formOf(body), ...runnerReads(undefined, event) },
  );
  if (!result.committed) {
    // Someone registered the same email a moment earlier (another tab): answer as to a second call.
    const winner = await loadRegistration(deps, key, event);
    if (winner !== undefined) return resume(c, context, key, event, winner);
    throw httpError('already_registered', 409, 'this email is already registered for the event');
  }
  await runEffects(context, { kind: 'registration', key }, result);
  context.setOutcome(result.snapshot.value);
  return c.json(statusBody(statusesOf(result.snapshot)), 201, JSON_HEADERS);
};
