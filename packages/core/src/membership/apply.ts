import { alreadyProcessed } from '../engine/already-processed.ts';
import { auditEntry, stripeEventIdOf, stripeIdsOf } from '../engine/audit.ts';
import type { StepResult } from '../engine/types.ts';
import {
  DuplicateEventError,
  ProfileIdTakenError,
  RetriesExhaustedError,
  VersionConflictError,
} from '../errors.ts';
import type { Clock, IdGenerator, MembershipStore, UserStore } from '../ports.ts';
import { type MembershipSnapshot, membershipFromLegacy, stepMembership } from './step.ts';
import type { MembershipEffect, MembershipEvent, MembershipKey } from './types.ts';

/** Ports the membership runner uses. */
export interface MembershipDeps {
  memberships: MembershipStore;
  users: UserStore;
  clock: Clock;
  ids: IdGenerator;
}

/** The result of applying an event to a membership. */
export interface AppliedMembership extends StepResult<MembershipSnapshot, MembershipEffect> {
  previous: MembershipSnapshot | undefined;
  committed: boolean;
}

/**
 * Loads a membership, steps it and commits the change (and the activation's user, member and
 * profile records) atomically. Concurrent writers → reload and step again; a taken profile id →
 * step again with a new one; an already processed Stripe event → `duplicate`. A membership with no
 * snapshot is mapped from the user record (`isMember`), which costs one more read on first touch.
 */
export async function applyMembershipEvent(
  deps: MembershipDeps,
  key: MembershipKey,
  event: MembershipEvent,
  options: { maxAttempts?: number } = {},
): Promise<AppliedMembership> {
  const maxAttempts = options.maxAttempts ?? 8;
  let lastConflict: unknown;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    let previous = await deps.memberships.loadMembership(key);
    const exists = previous !== undefined;
    if (!previous) {
      const user = await deps.users.getUser(key.email);
      if (user?.isMember) previous = membershipFromLegacy(key, { isMember: true });
    }
    const now = deps.clock.now();
    // Only BEGIN and ADMIN_GRANT create a membership: anything else for an unknown one is ignored.
    if (previous === undefined && event.type !== 'BEGIN' && event.type !== 'ADMIN_GRANT') {
      const empty = stepMembership(undefined, { type: 'CHECKOUT_EXPIRED', sessionId: '' }, { now }).snapshot;
      return {
        snapshot: empty,
        effects: [],
        outcome: 'ignored',
        reason: 'no_membership',
        previous,
        committed: false,
      };
    }
    // Only an activation consumes a profile id; asking for one on every step would waste ids.
    const activates = event.type === 'PAYMENT_SUCCEEDED' || event.type === 'ADMIN_GRANT';
    const result = stepMembership(
      previous,
      event,
      activates ? { now, profileID: deps.ids.profileId() } : { now },
    );
    if (result.snapshot.version === (previous?.version ?? 0))
      return { ...result, previous, committed: false };
    try {
      await deps.memberships.commitMembership({
        key,
        expected: { exists, version: exists ? (previous?.version ?? 0) : 0 },
        next: result.snapshot,
        effects: result.effects,
        stripeEventId: stripeEventIdOf(event),
        audit: auditEntry(event, previous?.value ?? 'none', result, now, stripeIdsOf(event)),
      });
      return { ...result, previous, committed: true };
    } catch (error) {
      if (error instanceof DuplicateEventError) return alreadyProcessed(previous, result.snapshot);
      if (error instanceof VersionConflictError || error instanceof ProfileIdTakenError) {
        lastConflict = error;
        continue;
      }
      throw error;
    }
  }
  throw new RetriesExhaustedError(maxAttempts, lastConflict);
}
