import {
  emailSchema,
  liveCheckoutUrl,
  type PersonRegistration,
  reconcileWithEffects,
  statusesOf,
} from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { PaymentsHttpError } from '../errors.ts';
import { JSON_HEADERS, type PaymentsEnv } from '../http/payments-env.ts';
import { verifiedCaller } from '../http/token-guards.ts';
import { declareRoute } from './declare-route.ts';
import { errorResponses, FAULTS, jsonResponse, OPTIONAL_TOKEN } from './schemas.ts';

/**
 * The stored fields anyone may read for an email besides its key and statuses: what the
 * frontend's `load()` reads, no form answers, no personal data.
 */
const PUBLIC_EXTRAS = ['isPartner', 'points'] as const;

const personRegistrationSchema = z
  .object({
    id: z.string().meta({ description: 'the email', example: 'ada@ubc.ca' }),
    'eventID;year': z.string().meta({ example: 'blueprint;2026' }),
    eventID: z.string().meta({ example: 'blueprint' }),
    year: z.number().int().meta({ example: 2026 }),
    registrationStatus: z.string().meta({ example: 'registered' }),
    applicationStatus: z.string().meta({ example: '' }),
    isPartner: z.unknown().optional(),
    points: z.unknown().optional(),
  })
  .catchall(z.unknown())
  .meta({
    id: 'PersonRegistration',
    description:
      'Today’s registration item. Without a token only the fields above; with the owner’s or an admin’s ' +
      'token every stored field (form answers, `checkoutLink` only while its session is live).',
  });

type PersonRegistrationItem = z.infer<typeof personRegistrationSchema>;

/** `GET /registrations?email=`, declared: today's list read of the real frontend's `load()`. */
export const getPersonRegistrationsRoute = declareRoute({
  method: 'get',
  path: '/registrations',
  tags: ['Registrations'],
  summary: "List an email's registrations",
  description:
    'Today’s shape: `{ data: [...] }`, one item per event the email registered for, statuses as stored ' +
    '(other services’ changes win over ours). Open, as today’s frontend reads it without a token: then only ' +
    '`id`, `eventID;year`, `eventID`, `year`, `registrationStatus`, `applicationStatus`, `isPartner`, ' +
    '`points`. With the owner’s or an admin’s Cognito ID token, the whole items; someone else’s token → `403`.',
  security: OPTIONAL_TOKEN,
  request: {
    query: z.object({
      email: emailSchema.meta({ param: { description: 'lower-cased on the way in' }, example: 'ada@ubc.ca' }),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ data: z.array(personRegistrationSchema) }), "The email's registrations"),
    ...errorResponses({
      400: ['invalid_params'],
      401: ['invalid_token'],
      403: ['not_owner'],
      ...FAULTS,
      503: [...FAULTS[503], 'identity_unavailable'],
    }),
  },
});

/** The statuses a registration reads as: another service's strings win over our snapshot's. */
function statusesNow(r: PersonRegistration) {
  if (r.stored.kind === 'legacy') {
    return {
      registrationStatus: String(r.attributes.registrationStatus ?? ''),
      applicationStatus: String(r.attributes.applicationStatus ?? ''),
      snapshot: undefined,
    };
  }
  const snapshot = r.stored.statuses
    ? reconcileWithEffects(r.stored.snapshot, r.stored.statuses).snapshot
    : r.stored.snapshot;
  return { ...statusesOf(snapshot), snapshot };
}

/** One item as today's API answered it: the whole item for its owner, the status fields otherwise. */
function itemOf(r: PersonRegistration, whole: boolean, now: number): PersonRegistrationItem {
  const { snapshot, ...statuses } = statusesNow(r);
  const identity = {
    id: r.key.email,
    'eventID;year': `${r.key.eventID};${r.key.year}`,
    eventID: r.key.eventID,
    year: r.key.year,
  };
  if (!whole) {
    const shown: PersonRegistrationItem = { ...identity, ...statuses };
    for (const field of PUBLIC_EXTRAS) {
      if (r.attributes[field] !== undefined) shown[field] = r.attributes[field];
    }
    return shown;
  }
  // A dead or a cancelled place's link is never handed out.
  const { checkoutLink: _stale, ...attributes } = r.attributes;
  const live = snapshot ? liveCheckoutUrl(snapshot, now) : undefined;
  return { ...attributes, ...identity, ...statuses, ...(live ? { checkoutLink: live } : {}) };
}

/** `GET /registrations?email=` → `{ data: [...] }`: whole items for the owner or an admin, statuses for anyone. */
export const getPersonRegistrations: RouteHandler<typeof getPersonRegistrationsRoute, PaymentsEnv> = async (
  c,
) => {
  const { email } = c.req.valid('query');
  const caller = await verifiedCaller(c);
  if (caller !== undefined && !caller.isAdmin && caller.email !== email) {
    throw new PaymentsHttpError('not_owner', 403, 'this token is not for this email');
  }
  const found = await c.var.deps.registrations.listPersonRegistrations(email);
  const now = c.var.deps.clock.now();
  const data = found
    .sort((a, b) => a.key.year - b.key.year || a.key.eventID.localeCompare(b.key.eventID))
    .map((r) => itemOf(r, caller !== undefined, now));
  return c.json({ data }, 200, JSON_HEADERS);
};
