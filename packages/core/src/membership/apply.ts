import { alreadyProcessed } from '../engine/already-processed.ts';
import { auditEntry, stripeEventIdOf, stripeIdsOf } from '../engine/audit.ts';
import type { StepResult } from '../engine/types.ts';
import {
  DuplicateEventError,
  MemberRecordExistsError,
  ProfileIdTakenError,
  RetriesExhaustedError,
  VersionConflictError,
} from '../errors.ts';
import {
  DEFAULT_EFFECT_POLICY,
  type EffectPolicy,
  mergeOperations,
  type PlannedOperations,
  planOperations,
} from '../operations/plan.ts';
import type { Actor, Clock, IdGenerator, MembershipStore, UserStore } from '../ports.ts';
import { type MembershipSnapshot, membershipFromLegacy, stepMembership } from './step.ts';
import type { MembershipEffect, MembershipEvent, MembershipKey } from './types.ts';

/** Ports the membership runner uses. */
export interface MembershipDeps {
  memberships: MembershipStore;
  users: UserStore;
  clock: Clock;
  ids: IdGenerator;
  /** How effects become outbox and queue items (no auto-refund, no emails unless given). */
  effectPolicy?: EffectPolicy;
}

/** Options of one membership run. */
export interface MembershipApplyOptions {
  /** Attempts before giving up on concurrent writers (default 8). */
  maxAttempts?: number;
  /** The person behind the event (an admin's command), recorded in the audit line. */
  actor?: Actor;
  /** Outbox and queue items to record with the step's commit besides the ones its effects plan. */
  also?: Partial<PlannedOperations>;
}

/** The result of applying an event to a membership. */
export interface AppliedMembership
  extends StepResult<MembershipSnapshot, MembershipEffect>,
    PlannedOperations {
  previous: MembershipSnapshot | undefined;
  committed: boolean;
}

/** Only a settled membership is past what the year's member item can tell it. */
const isSettled = (s: MembershipSnapshot) => s.value === 'active' || s.value === 'refunded';

/**
 * Loads a membership, steps it and commits the change (and the activation's user, member and
 * profile records) atomically.
 *
 * - Concurrent writers → reload and step again; a taken profile id → step again with a new one; an
 *   already processed Stripe event → `duplicate`.
 * - Decisions use the **year's member item** (`biztechMembers<year>`), never `isMember` on the user
 *   (which is not per year). A membership with no snapshot is active when that item exists
 *   (`membershipFromLegacy`), which costs one more read on first touch (two when the user's flag
 *   must be checked). `BEGIN` also reads it for a snapshot that is not settled, so a year already
 *   bought elsewhere is never sold again.
 * - An activation whose member item exists (`MemberRecordExistsError`) is never retried as a
 *   conflict: the runner commits `MEMBER_RECORD_FOUND` (the membership becomes active, the user's
 *   `isMember` is repaired in that commit when missing) and steps the event again, so the payment
 *   that tried to activate it is reported (`payment.refund_needed`, `already_member`).
 * - A membership that does not exist is never created by a Stripe event (`no_membership`): a
 *   payment for it is reported (`payment.refund_needed`, `unowned_payment`) and a refund kept for its
 *   payment, in a `none` snapshot of bookkeeping; never a user, member or profile.
 */
export async function applyMembershipEvent(
  deps: MembershipDeps,
  key: MembershipKey,
  event: MembershipEvent,
  options: MembershipApplyOptions = {},
): Promise<AppliedMembership> {
  const maxAttempts = options.maxAttempts ?? 8;
  let lastConflict: unknown;
  // BEGIN asks the year's table before selling; any event does once an activation found the item.
  let askMemberTable = event.type === 'BEGIN';
  // What a MEMBER_RECORD_FOUND commit of this call asked for (a checkout to expire): returned with the result.
  let found: ({ effects: MembershipEffect[] } & PlannedOperations) | undefined;
  const none: PlannedOperations = { outbox: [], queue: [] };
  const done = (
    r: Omit<AppliedMembership, keyof PlannedOperations> & Partial<PlannedOperations>,
  ): AppliedMembership => {
    const own = { outbox: r.outbox ?? [], queue: r.queue ?? [] };
    return found
      ? {
          ...r,
          effects: [...found.effects, ...r.effects],
          committed: true,
          outbox: [...found.outbox, ...own.outbox],
          queue: [...found.queue, ...own.queue],
        }
      : { ...r, ...own };
  };
  const plan = (effects: MembershipEffect[], now: number) =>
    planOperations({
      subject: { kind: 'membership', key },
      effects,
      now,
      policy: deps.effectPolicy ?? DEFAULT_EFFECT_POLICY,
    });
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const stored = await deps.memberships.loadMembership(key);
    let previous = stored;
    let exists = stored !== undefined;
    let now = deps.clock.now();

    // A `none` snapshot is only bookkeeping of money for a membership nobody started: any event on
    // it asks the year's table too, so a member item today's system wrote since then is seen.
    if (stored === undefined || ((askMemberTable || stored.value === 'none') && !isSettled(stored))) {
      const member = await deps.memberships.getMember(key.email, key.membershipYear);
      if (member !== undefined) {
        const user = await deps.users.getUser(key.email);
        const repairUser = user !== undefined && !user.isMember;
        const base = stored ?? membershipFromLegacy(key, { memberRecord: false });
        if (stored === undefined && !repairUser) {
          // Today's member, nothing to repair: read as active, written only when an event changes it.
          previous = membershipFromLegacy(key, { memberRecord: true, profileID: member.profileID });
        } else {
          const discovery = stepMembership(
            base,
            {
              type: 'MEMBER_RECORD_FOUND',
              email: key.email,
              membershipYear: key.membershipYear,
              repairUser,
              profileID: member.profileID ?? null,
            },
            { now },
          );
          if (discovery.snapshot.version !== base.version) {
            // The session this payment completed cannot be expired any more: only other live ones are.
            const paidSession = event.type === 'PAYMENT_SUCCEEDED' ? event.payment.sessionId : undefined;
            const discovered = discovery.effects.filter(
              (e) => !(e.type === 'checkout.expire' && e.sessionId === paidSession),
            );
            const planned = plan(discovered, now);
            try {
              await commit(
                deps,
                key,
                base,
                exists,
                discovery,
                { type: 'MEMBER_RECORD_FOUND' },
                now,
                options.actor,
                planned,
              );
            } catch (error) {
              if (error instanceof VersionConflictError) {
                lastConflict = error;
                continue;
              }
              throw error;
            }
            found = {
              effects: [...(found?.effects ?? []), ...discovered],
              outbox: [...(found?.outbox ?? []), ...planned.outbox],
              queue: [...(found?.queue ?? []), ...planned.queue],
            };
            exists = true;
          }
          previous = discovery.snapshot;
          now = deps.clock.now();
        }
      }
    }

    // Money for a membership nobody started is kept as bookkeeping in a `none` snapshot, never as a
    // membership (no user, member or profile is written): a payment is reported (`unowned_payment`,
    // P9) with its processed keys, so a redelivery is a duplicate and can never activate one later;
    // a refund is kept for its payment, so the refund policy holds whatever order Stripe sends them in.
    if (previous === undefined && (event.type === 'PAYMENT_SUCCEEDED' || event.type === 'CHARGE_REFUNDED')) {
      previous = membershipFromLegacy(key, { memberRecord: false });
    }
    // Otherwise only BEGIN and ADMIN_GRANT create a membership: anything else writes nothing.
    if (previous === undefined && event.type !== 'BEGIN' && event.type !== 'ADMIN_GRANT') {
      return done({
        snapshot: membershipFromLegacy(key, { memberRecord: false }),
        effects: [],
        outcome: 'ignored',
        reason: 'no_membership',
        previous,
        committed: false,
      });
    }
    // Only an activation consumes a profile id; asking for one on every step would waste ids.
    const activates = event.type === 'PAYMENT_SUCCEEDED' || event.type === 'ADMIN_GRANT';
    const result = stepMembership(
      previous,
      event,
      activates ? { now, profileID: deps.ids.profileId() } : { now },
    );
    if (result.snapshot.version === (previous?.version ?? 0))
      return done({ ...result, previous, committed: false });
    const planned = mergeOperations(plan(result.effects, now), options.also);
    try {
      await commit(deps, key, previous, exists, result, event, now, options.actor, planned);
      return done({ ...result, previous, committed: true, ...planned });
    } catch (error) {
      if (error instanceof DuplicateEventError)
        return done({ ...alreadyProcessed(previous, result.snapshot), ...none });
      if (error instanceof MemberRecordExistsError) {
        askMemberTable = true;
        lastConflict = error;
        continue;
      }
      if (error instanceof VersionConflictError || error instanceof ProfileIdTakenError) {
        lastConflict = error;
        continue;
      }
      throw error;
    }
  }
  throw new RetriesExhaustedError(maxAttempts, lastConflict);
}

/** One conditional commit of a step, with its audit line. */
function commit(
  deps: MembershipDeps,
  key: MembershipKey,
  previous: MembershipSnapshot | undefined,
  exists: boolean,
  result: StepResult<MembershipSnapshot, MembershipEffect>,
  event: { type: string; stripeEventId?: string | undefined },
  now: number,
  actor: Actor | undefined,
  planned: PlannedOperations,
): Promise<void> {
  return deps.memberships.commitMembership({
    key,
    expected: { exists, version: exists ? (previous?.version ?? 0) : 0 },
    next: result.snapshot,
    effects: result.effects,
    stripeEventId: stripeEventIdOf(event),
    outbox: planned.outbox.length > 0 ? planned.outbox : undefined,
    queue: planned.queue.length > 0 ? planned.queue : undefined,
    audit: auditEntry(event, previous?.value ?? 'none', result, now, stripeIdsOf(event), actor),
  });
}
