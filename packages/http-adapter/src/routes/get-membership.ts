import { emailSchema } from '@biztech/payments-core';
import { z } from 'zod';
import { httpError, json } from '../http/json-response.ts';
import { validate } from '../http/read-body.ts';
import type { Route } from '../http/router.ts';

const paramsSchema = z.object({ email: emailSchema });

/**
 * `GET /memberships/{email}` → `{ isMember, state, profileID? }` for the configured membership
 * year. The year's member item decides, as it does for `POST /payments`: a membership today's
 * system made (a member item, no snapshot) is `active` whatever `isMember` on the user says, and
 * `isMember` alone (which is not per year) makes nobody a member of this year.
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
      deps.memberships.getMember(email, config.membershipYear),
    ]);
    if (snapshot === undefined && user === undefined && member === undefined) {
      throw httpError('user_not_found', 404, 'there is no user or membership for this email');
    }
    // A settled snapshot speaks for itself; otherwise the year's member item makes the member.
    const settled = snapshot?.value === 'active' || snapshot?.value === 'refunded';
    const state = settled ? snapshot.value : member !== undefined ? 'active' : (snapshot?.value ?? 'none');
    const profileID = snapshot?.context.profileID ?? member?.profileID;
    return json(200, { isMember: state === 'active', state, ...(profileID ? { profileID } : {}) });
  },
};
