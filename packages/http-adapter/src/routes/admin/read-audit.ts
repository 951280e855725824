import { type AuditEntry, emailSchema } from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { JSON_HEADERS, type PaymentsEnv } from '../../http/payments-env.ts';
import { declareRoute } from '../declare-route.ts';
import { jsonResponse } from '../schemas.ts';
import { ADMIN_SECURITY, adminErrors, registrationKeyParams } from './admin-kit.ts';

/** One audit line as answered. */
const auditEntrySchema = z
  .object({
    at: z.number().meta({ description: 'epoch ms' }),
    event: z.string().meta({ example: 'CHECK_IN' }),
    from: z.string(),
    to: z.string(),
    outcome: z.enum(['applied', 'duplicate', 'ignored', 'rejected']),
    reason: z.string().optional(),
    stripeEventId: z.string().optional(),
    sessionId: z.string().optional(),
    paymentIntent: z.string().optional(),
    effects: z.array(z.string()),
    actor: z
      .object({ email: z.string(), sub: z.string(), note: z.string().optional() })
      .optional()
      .meta({ description: 'the admin behind a command; absent for Stripe’s events' }),
  })
  .meta({ id: 'AuditEntry' });

const auditTrailSchema = z.object({ entries: z.array(auditEntrySchema) }).meta({ id: 'AuditTrail' });

/** The fields of an entry the document names (a store may keep more bookkeeping). */
function entryBody(entry: AuditEntry) {
  const { at, event, from, to, outcome, reason, stripeEventId, sessionId, paymentIntent, effects, actor } =
    entry;
  return Object.fromEntries(
    Object.entries({
      at,
      event,
      from,
      to,
      outcome,
      reason,
      stripeEventId,
      sessionId,
      paymentIntent,
      effects,
      actor,
    }).filter(([, v]) => v !== undefined && v !== null),
  ) as z.infer<typeof auditEntrySchema>;
}

/** `GET /admin/audit/registrations/{email}/{eventID}/{year}`, declared. */
export const registrationAuditRoute = declareRoute({
  method: 'get',
  path: '/admin/audit/registrations/{email}/{eventID}/{year}',
  tags: ['Admin'],
  summary: 'Read a registration’s audit trail',
  description:
    'Every committed change of the registration, oldest first: the machine event, the states, the outcome, ' +
    'Stripe’s ids, the effects, and the admin behind a command. Empty for a registration with no changes of ours.',
  security: ADMIN_SECURITY,
  request: { params: registrationKeyParams },
  responses: {
    200: jsonResponse(auditTrailSchema, 'The trail'),
    ...adminErrors({ 400: ['invalid_params'] }),
  },
});

/** Answers a registration's audit trail, oldest first. */
export const registrationAudit: RouteHandler<typeof registrationAuditRoute, PaymentsEnv> = async (c) => {
  const entries = await c.var.deps.auditTrail.registrationAudit(c.req.valid('param'));
  return c.json({ entries: entries.map(entryBody) }, 200, JSON_HEADERS);
};

/** `GET /admin/audit/memberships/{email}`, declared. */
export const membershipAuditRoute = declareRoute({
  method: 'get',
  path: '/admin/audit/memberships/{email}',
  tags: ['Admin'],
  summary: 'Read a membership’s audit trail',
  description: 'As the registration trail, for the membership of the configured year.',
  security: ADMIN_SECURITY,
  request: {
    params: z.object({
      email: emailSchema.meta({ param: { description: 'lower-cased on the way in' }, example: 'ada@ubc.ca' }),
    }),
  },
  responses: {
    200: jsonResponse(auditTrailSchema, 'The trail'),
    ...adminErrors({ 400: ['invalid_params'] }),
  },
});

/** Answers the audit trail of a membership of the configured year, oldest first. */
export const membershipAudit: RouteHandler<typeof membershipAuditRoute, PaymentsEnv> = async (c) => {
  const { email } = c.req.valid('param');
  const key = { email, membershipYear: c.var.config.membershipYear };
  const entries = await c.var.deps.auditTrail.membershipAudit(key);
  return c.json({ entries: entries.map(entryBody) }, 200, JSON_HEADERS);
};
