import { emailSchema } from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { httpError } from '../http/json-response.ts';
import { JSON_HEADERS, type PaymentsEnv } from '../http/payments-env.ts';
import { declareRoute } from './declare-route.ts';
import { errorResponses, FAULTS, jsonResponse, membershipViewSchema, TOKEN_REQUIRED } from './schemas.ts';

/** `GET /memberships/{email}`, declared. */
export const getMembershipRoute = declareRoute({
  method: 'get',
  path: '/memberships/{email}',
  tags: ['Memberships'],
  security: TOKEN_REQUIRED,
  summary: 'Read a membership',
  description:
    'Needs the Cognito ID token of the path’s email or of an admin (`401` without, `403` for anyone else, ' +
    'before anything is read). The membership of the configured year. The year’s member item decides: a member of today’s system ' +
    '(a member item, no snapshot) is `active`; `isMember` alone (not per year) makes nobody a member of this year.',
  request: {
    params: z.object({
      email: emailSchema.meta({ param: { description: 'lower-cased on the way in' }, example: 'ada@ubc.ca' }),
    }),
  },
  responses: {
    200: jsonResponse(membershipViewSchema, 'The membership'),
    ...errorResponses({
      400: ['invalid_params'],
      401: ['missing_token', 'invalid_token'],
      403: ['not_owner'],
      404: ['user_not_found'],
      ...FAULTS,
      503: [...FAULTS[503], 'identity_unavailable'],
    }),
  },
});

/**
 * `GET /memberships/{email}` → `{ isMember, state, profileID? }` for the configured membership
 * year. The year's member item decides, as it does for `POST /payments`: a membership today's
 * system made (a member item, no snapshot) is `active` whatever `isMember` on the user says, and
 * `isMember` alone (which is not per year) makes nobody a member of this year.
 */
export const getMembership: RouteHandler<typeof getMembershipRoute, PaymentsEnv> = async (c) => {
  const { deps, config } = c.var;
  const { email } = c.req.valid('param');
  const [snapshot, user, member] = await Promise.all([
    deps.memberships.loadMembership({ email, membershipYear: config.membershipYear }),
    deps.users.getUser(email),
    deps.memberships.getMember(email, config.membershipYear),
  ]);
  if (snapshot === undefined && user === undefined && member === undefined) {
    throw httpError('user_not_found', 404, 'there is no user or membership for this email');
  }
  // A settled snapshot speaks for itself; otherwise the year's member item makes the member.
  const settled = snapshot?.value === 'active' || snapshot?.value === 'refunded';
  const state = settled ? snapshot.value : member !== undefined ? 'active' : (snapshot?.value ?? 'none');
  const profileID = snapshot?.context.profileID ?? member?.profileID;
  return c.json(
    { isMember: state === 'active', state, ...(profileID ? { profileID } : {}) },
    200,
    JSON_HEADERS,
  );
};
