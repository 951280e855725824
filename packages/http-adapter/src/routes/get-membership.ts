import { emailSchema } from '@biztech/payments-core';
import { z } from 'zod';
import { httpError, json } from '../http/json-response.ts';
import { validate } from '../http/read-body.ts';
import type { Route } from '../http/router.ts';

const paramsSchema = z.object({ email: emailSchema });

/**
 * `GET /memberships/{email}` → `{ isMember, state, profileID? }` for the configured membership
 * year. Memberships today's system made (a member record or `isMember` on the user, no snapshot)
 * count as `active`.
 */
export const getMembershipRoute: Route = {
  method: 'GET',
  pattern: '/memberships/{email}',
  async handle(context) {
    const { deps, config } = context;
    const { email } = validate(paramsSchema, context.params, 'invalid_params');
    const [snapshot, user, member] = await Promise.all([
      deps.memberships.loadMembership({ email, membershipYear: config.membershipYear }),
      deps.users.getUser(email),
      deps.memberships.getMember(email),
    ]);
    if (snapshot === undefined && user === undefined && member === undefined) {
      throw httpError('user_not_found', 404, 'there is no user or membership for this email');
    }
    const legacyMember = user?.isMember === true || member !== undefined;
    const state = snapshot?.value ?? (legacyMember ? 'active' : 'none');
    const profileID = snapshot?.context.profileID ?? member?.profileID;
    return json(200, { isMember: state === 'active', state, ...(profileID ? { profileID } : {}) });
  },
};
