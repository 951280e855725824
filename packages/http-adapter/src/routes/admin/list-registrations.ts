import {
  type EventRegistration,
  eventIdSchema,
  eventYearSchema,
  REGISTRATION_STATUSES,
  statusesOf,
} from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { httpError } from '../../http/json-response.ts';
import { JSON_HEADERS, type PaymentsEnv } from '../../http/payments-env.ts';
import { declareRoute } from '../declare-route.ts';
import { jsonResponse } from '../schemas.ts';
import { ADMIN_SECURITY, adminErrors } from './admin-kit.ts';
import { comparePositions, decodeCursor, encodeCursor, positionOf } from './registration-cursor.ts';

/** Items per page unless `limit` says otherwise. */
export const DEFAULT_PAGE_SIZE = 50;

const itemSchema = z
  .object({
    email: z.string(),
    registrationStatus: z.string(),
    applicationStatus: z.string().meta({ description: '`""` for a non-application event' }),
    payment: z
      .object({
        sessionId: z.string(),
        amountTotal: z.number().int().meta({ description: 'cents, after promotion codes' }),
        currency: z.string(),
      })
      .nullable(),
    updatedAt: z.number().nullable().meta({ description: 'epoch ms of the last write, when the item says' }),
  })
  .meta({ id: 'AdminRegistration' });

/** `GET /admin/events/{eventID}/{year}/registrations`, declared. */
export const listRegistrationsRoute = declareRoute({
  method: 'get',
  path: '/admin/events/{eventID}/{year}/registrations',
  tags: ['Admin'],
  summary: 'List an event’s registrations',
  description:
    'Oldest first, `limit` (default 50, at most 200) per page; pass `cursor` back for the next page. ' +
    'Statuses as stored (other services’ writes included); `payment` is the payment this API recorded. ' +
    '`seats` is the event’s capacity (`null`: no limit) and the seat counter.',
  security: ADMIN_SECURITY,
  request: {
    params: z.object({
      eventID: eventIdSchema.meta({ example: 'blueprint' }),
      year: eventYearSchema.meta({ example: 2026 }),
    }),
    query: z.object({
      status: z.enum(REGISTRATION_STATUSES).optional(),
      cursor: z.string().max(1000).optional(),
      limit: z
        .string()
        .regex(/^\d{1,3}$/)
        .transform(Number)
        .pipe(z.number().int().min(1).max(200))
        .optional(),
    }),
  },
  responses: {
    200: jsonResponse(
      z
        .object({
          items: z.array(itemSchema),
          seats: z.object({ capacity: z.number().int().nullable(), taken: z.number().int() }),
          cursor: z.string().optional().meta({ description: 'absent on the last page' }),
        })
        .meta({ id: 'AdminRegistrationPage' }),
      'A page of registrations',
    ),
    ...adminErrors({ 400: ['invalid_params'], 404: ['event_not_found'] }),
  },
});

/** One registration as listed: the stored statuses win over the snapshot's (another service wrote them). */
function itemOf(r: EventRegistration): z.infer<typeof itemSchema> {
  const updatedAt = r.updatedAt ?? r.createdAt ?? null;
  if (r.stored.kind === 'legacy') {
    return {
      email: r.key.email,
      registrationStatus: r.stored.item.registrationStatus ?? '',
      applicationStatus: r.stored.item.applicationStatus ?? '',
      payment: null,
      updatedAt,
    };
  }
  const own = statusesOf(r.stored.snapshot);
  const payment = r.stored.snapshot.context.payment;
  return {
    email: r.key.email,
    registrationStatus: r.stored.statuses?.registrationStatus ?? own.registrationStatus,
    applicationStatus: r.stored.statuses?.applicationStatus ?? own.applicationStatus,
    payment: payment
      ? { sessionId: payment.sessionId, amountTotal: payment.amountTotal, currency: payment.currency }
      : null,
    updatedAt,
  };
}

/**
 * Lists an event's registrations, filtered by stored `registrationStatus`, a page at a time, with
 * the seat counter. The store reads the whole event (its index query); pages are cut here.
 */
export const listRegistrations: RouteHandler<typeof listRegistrationsRoute, PaymentsEnv> = async (c) => {
  const { deps } = c.var;
  const { eventID, year } = c.req.valid('param');
  const { status, cursor, limit } = c.req.valid('query');
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const event = await deps.events.getEvent(eventID, year);
  if (event === undefined) throw httpError('event_not_found', 404, `there is no event ${eventID} ${year}`);
  const [all, taken] = await Promise.all([
    deps.registrations.listEventRegistrations(eventID, year),
    deps.events.seatsTaken(eventID, year),
  ]);
  const ordered = all
    .map((r) => ({ position: positionOf(r), item: itemOf(r) }))
    .filter(({ item }) => status === undefined || item.registrationStatus === status)
    .filter(({ position }) => after === undefined || comparePositions(position, after) > 0)
    .sort((a, b) => comparePositions(a.position, b.position));
  const size = limit ?? DEFAULT_PAGE_SIZE;
  const page = ordered.slice(0, size);
  const last = page.at(-1);
  return c.json(
    {
      items: page.map((p) => p.item),
      seats: { capacity: event.capac ?? null, taken },
      ...(ordered.length > size && last ? { cursor: encodeCursor(last.position) } : {}),
    },
    200,
    JSON_HEADERS,
  );
};
