import {
  applyMembershipEvent,
  emailSchema,
  type MembershipApplicant,
  type MembershipSnapshot,
  type UserSummary,
} from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { runEffects } from '../../flows/run-effects.ts';
import { httpError } from '../../http/json-response.ts';
import { JSON_HEADERS, type PaymentsEnv, routeContextOf } from '../../http/payments-env.ts';
import { declareRoute } from '../declare-route.ts';
import { jsonResponse } from '../schemas.ts';
import { ADMIN_SECURITY, actorOf, adminErrors, adminNoteSchema, adminText } from './admin-kit.ts';

const grantBodySchema = z
  .object({
    reason: adminNoteSchema.meta({ example: 'exec team 2026' }),
    fname: adminText(200).optional(),
    lname: adminText(200).optional(),
    education: adminText(200).optional().meta({ example: 'UBC' }),
  })
  .meta({ id: 'AdminGrant' });

/** `POST /admin/memberships/{email}/grant`, declared. */
export const grantMembershipRoute = declareRoute({
  method: 'post',
  path: '/admin/memberships/{email}/grant',
  tags: ['Admin'],
  summary: 'Grant a membership of the configured year',
  description:
    'The membership machine’s `ADMIN_GRANT`: user, member and profile written as by a payment (a live checkout ' +
    'is expired). The name and education come from an earlier membership form or the user, else from the ' +
    'body (`400 invalid_body` when nowhere); the body’s win when given. `reason` is kept in the audit line ' +
    '(`actor.note`). A member already → `409 command_refused` (`already_member`).',
  security: ADMIN_SECURITY,
  request: {
    params: z.object({
      email: emailSchema.meta({ param: { description: 'lower-cased on the way in' }, example: 'ada@ubc.ca' }),
    }),
    body: { required: true, content: { 'application/json': { schema: grantBodySchema } } },
  },
  responses: {
    200: jsonResponse(
      z.object({ isMember: z.literal(true), profileID: z.string().optional() }).meta({ id: 'AdminGranted' }),
      'Granted',
    ),
    ...adminErrors(
      {
        400: ['invalid_params', 'invalid_json', 'invalid_body'],
        409: ['command_refused'],
        413: ['payload_too_large'],
      },
      { gateway: true },
    ),
  },
});

/** The applicant of the grant: the body's fields over the last form, over the user's. */
function applicantOf(
  email: string,
  body: z.infer<typeof grantBodySchema>,
  snapshot: MembershipSnapshot | undefined,
  user: UserSummary | undefined,
): MembershipApplicant {
  const form = snapshot?.context.applicant ?? undefined;
  const fname = body.fname ?? form?.fname ?? user?.fname;
  const lname = body.lname ?? form?.lname ?? user?.lname;
  const missing = [
    fname === undefined ? 'fname' : undefined,
    lname === undefined ? 'lname' : undefined,
  ].filter((f): f is string => f !== undefined);
  if (fname === undefined || lname === undefined) {
    throw httpError('invalid_body', 400, 'there is no name on record for this email: give it', {
      issues: missing.map((field) => ({
        path: [field],
        message: 'required: no earlier form or user has it',
      })),
    });
  }
  return {
    ...(form ?? { topics: [] }),
    email,
    fname,
    lname,
    education: body.education ?? form?.education ?? user?.education ?? '',
  };
}

/**
 * Grants a membership of the configured year with the machine's `ADMIN_GRANT` (user, member and
 * profile written in its commit), audited with the admin and their reason.
 */
export const grantMembership: RouteHandler<typeof grantMembershipRoute, PaymentsEnv> = async (c) => {
  const context = routeContextOf(c);
  const { deps, config } = context;
  const { email } = c.req.valid('param');
  const body = c.req.valid('json');
  const key = { email, membershipYear: config.membershipYear };
  const [snapshot, user] = await Promise.all([
    deps.memberships.loadMembership(key),
    deps.users.getUser(email),
  ]);
  const applicant = applicantOf(email, body, snapshot, user);
  const result = await applyMembershipEvent(
    deps,
    key,
    { type: 'ADMIN_GRANT', email, membershipYear: config.membershipYear, applicant },
    { actor: actorOf(c, body.reason) },
  );
  if (result.committed) await runEffects(context, { kind: 'membership', key }, result);
  if (result.outcome !== 'applied') {
    const reason = result.reason ?? result.outcome;
    throw httpError('command_refused', 409, `the membership cannot be granted (${reason})`, { reason });
  }
  context.setOutcome('granted');
  const profileID = result.snapshot.context.profileID ?? undefined;
  return c.json({ isMember: true as const, ...(profileID ? { profileID } : {}) }, 200, JSON_HEADERS);
};
