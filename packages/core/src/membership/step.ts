import { createStepper } from '../engine/step.ts';
import type { MachineSnapshot, StepEnv, StepResult } from '../engine/types.ts';
import { EMPTY_MEMBERSHIP_CONTEXT, membershipMachine } from './machine.ts';
import type { MembershipContext, MembershipEffect, MembershipEvent, MembershipKey } from './types.ts';

/** A persisted membership: JSON, versioned. */
export type MembershipSnapshot = MachineSnapshot<MembershipContext, 'membership'>;

/** States of the membership machine. */
export type MembershipState = 'none' | 'awaitingCheckout' | 'checkoutOpen' | 'active' | 'refunded';

const stepper = createStepper<MembershipContext, MembershipEvent, MembershipEffect>({
  name: 'membership',
  machine: membershipMachine,
  extraKeys: (event) => (event.type === 'PAYMENT_SUCCEEDED' ? [`paid:${event.payment.sessionId}`] : []),
});

/**
 * Applies one event to a membership, purely. Activation needs `env.profileID` (a fresh,
 * human-readable id from the IdGenerator port); the store enforces its uniqueness.
 *
 * @example
 * ```ts
 * const begun = stepMembership(undefined, { type: 'BEGIN', email, membershipYear: 2026,
 *   paymentType: 'UserMember', applicant, priceCents: 1200 }, { now });
 * // begun.effects: [{ type: 'identity.create', email, fname, lname }] — no password anywhere
 * ```
 */
export function stepMembership(
  snapshot: MembershipSnapshot | undefined,
  event: MembershipEvent,
  env: StepEnv,
): StepResult<MembershipSnapshot, MembershipEffect> {
  // Activation writes a profile under this id; stepping without one is a wiring bug, not an outcome.
  if ((event.type === 'PAYMENT_SUCCEEDED' || event.type === 'ADMIN_GRANT') && !env.profileID) {
    throw new TypeError(`stepMembership: ${event.type} needs env.profileID (from the IdGenerator port)`);
  }
  return stepper(snapshot, event, env) as StepResult<MembershipSnapshot, MembershipEffect>;
}

/** What today's records say about a membership that has no snapshot yet. */
export interface LegacyMembershipFacts {
  /**
   * The membership year's member item exists (`biztechMembers<year>`). This, not `isMember` on the
   * user (which is not per year), is what makes a legacy membership active.
   */
  memberRecord: boolean;
  profileID?: string | undefined;
}

/**
 * Loads a membership that today's system created (no snapshot) as version 0: `active` (with
 * `legacyMember`) when the year's member item exists, otherwise `none`.
 */
export function membershipFromLegacy(key: MembershipKey, facts: LegacyMembershipFacts): MembershipSnapshot {
  return {
    schemaVersion: 1,
    machine: 'membership',
    version: 0,
    value: facts.memberRecord ? 'active' : 'none',
    context: {
      ...EMPTY_MEMBERSHIP_CONTEXT,
      email: key.email.toLowerCase(),
      membershipYear: key.membershipYear,
      profileID: facts.profileID ?? null,
      ...(facts.memberRecord ? { legacyMember: true } : {}),
    },
  };
}

/** True once the membership is active. */
export function isActiveMember(snapshot: Pick<MembershipSnapshot, 'value'> | undefined): boolean {
  return snapshot?.value === 'active';
}
