import { alreadyProcessed } from '../engine/already-processed.ts';
import { auditEntry, stripeEventIdOf, stripeIdsOf } from '../engine/audit.ts';
import type { StepResult } from '../engine/types.ts';
import {
  CapacityExceededError,
  DuplicateEventError,
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
import type {
  Actor,
  Clock,
  EventRecord,
  EventStore,
  ExpectedVersion,
  RegistrationStore,
  Stored,
  UserStore,
} from '../ports.ts';
import { eventPriceCents } from '../pricing.ts';
import { type LegacyRegistration, registrationFromLegacy } from './legacy.ts';
import { reconcileWithEffects } from './reconcile.ts';
import { type RegistrationSnapshot, stepRegistration } from './step.ts';
import type { RegistrationEffect, RegistrationEvent, RegistrationKey } from './types.ts';

/** Ports the registration runner uses. */
export interface RegistrationDeps {
  registrations: RegistrationStore;
  events: EventStore;
  users: UserStore;
  clock: Clock;
  /** How effects become outbox and queue items (no auto-refund, no emails unless given). */
  effectPolicy?: EffectPolicy;
}

/** Options of one run. */
export interface ApplyOptions {
  /** Attempts before giving up on concurrent writers (default 8). */
  maxAttempts?: number;
  /** Form attributes written when the registration is created. */
  form?: Record<string, unknown>;
  /** The person behind the event (an admin's command), recorded in the audit line. */
  actor?: Actor;
  /** Outbox and queue items to record with the step's commit besides the ones its effects plan. */
  also?: Partial<PlannedOperations>;
  /**
   * The record as the caller has just read it (`null`: it does not exist), used by the first
   * attempt instead of reading it again; a retry after a version conflict reads afresh.
   */
  loaded?: Stored<RegistrationSnapshot, LegacyRegistration> | null;
  /** The event's record if the caller has read it: its capacity and facts are not read again. */
  event?: EventRecord;
}

/** The result of applying an event: the step's result plus the snapshot it started from. */
export interface AppliedRegistration
  extends StepResult<RegistrationSnapshot, RegistrationEffect>,
    PlannedOperations {
  previous: RegistrationSnapshot | undefined;
  /** True when the change was committed by this call. */
  committed: boolean;
}

const NOTHING_PLANNED: PlannedOperations = { outbox: [], queue: [] };

const needsCapacity = (effects: RegistrationEffect[]) =>
  effects.some((e) => e.type === 'seat.hold' || (e.type === 'seat.take' && e.enforceCapacity));

/**
 * Loads a registration, steps it, and commits the change atomically; the way every adapter drives
 * the registration machine.
 *
 * - A concurrent writer (version conflict) → reload and step again, up to `maxAttempts`.
 * - The Stripe event was processed already → outcome `duplicate`, nothing written.
 * - A seat hold the event cannot fit → step again with `seatAvailable: false` (the machine waitlists).
 * - Legacy items (no snapshot) are mapped with the event's facts first.
 * - Statuses another service wrote win; the seat effects that follow from them are committed with
 *   the step (or alone, when the step changes nothing), so the counter follows the statuses.
 * Round trips: one read and one write; the event (for capacity and legacy facts) is read only
 * when the step takes a capacity-checked seat or the item is legacy.
 *
 * @example
 * ```ts
 * const r = await applyRegistrationEvent(deps, key, { type: 'PAYMENT_SUCCEEDED', stripeEventId, payment });
 * if (r.outcome === 'applied') await runEffects(r.effects);
 * ```
 */
export async function applyRegistrationEvent(
  deps: RegistrationDeps,
  key: RegistrationKey,
  event: RegistrationEvent,
  options: ApplyOptions = {},
): Promise<AppliedRegistration> {
  const maxAttempts = options.maxAttempts ?? 8;
  let current = event;
  let lastConflict: unknown;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    // The caller's read stands in for the first one only: after a conflict it is stale.
    const loaded =
      attempt === 0 && options.loaded !== undefined
        ? (options.loaded ?? undefined)
        : await deps.registrations.loadRegistration(key);
    let previous: RegistrationSnapshot | undefined;
    let expected: ExpectedVersion = { exists: false, version: 0 };
    let capacity: number | undefined;
    // What following another service's statuses asks for (seat counter, a dead checkout).
    let reconciled: RegistrationEffect[] = [];
    if (loaded?.kind === 'snapshot') {
      // A status another service wrote since our last commit wins over the snapshot's.
      const r = loaded.statuses
        ? reconcileWithEffects(loaded.snapshot, loaded.statuses)
        : { snapshot: loaded.snapshot, effects: [] };
      previous = r.snapshot;
      reconciled = r.effects;
      expected = { exists: true, version: previous.version };
    } else if (loaded?.kind === 'legacy') {
      const ev = options.event ?? (await deps.events.getEvent(key.eventID, key.year));
      const user = await deps.users.getUser(key.email);
      capacity = ev?.capac;
      previous = registrationFromLegacy(loaded.item, {
        isApplicationBased: ev?.isApplicationBased ?? false,
        priceCents: eventPriceCents(ev?.pricing, user?.isMember ?? false),
      });
      expected = { exists: true, version: 0 };
    }
    const now = deps.clock.now();
    // Only REGISTER creates a registration: a Stripe event or a command for a record that does not
    // exist (a session of another system, a typo in an admin tool) is ignored and writes nothing.
    if (previous === undefined && current.type !== 'REGISTER') {
      const empty = stepRegistration(undefined, { type: 'CHECK_IN' }, { now }).snapshot;
      return {
        snapshot: empty,
        effects: [],
        outcome: 'ignored',
        reason: 'no_registration',
        previous,
        committed: false,
        ...NOTHING_PLANNED,
      };
    }
    const stepped = stepRegistration(previous, current, { now });
    const unchanged = previous !== undefined && stepped.snapshot.version === previous.version;
    if ((unchanged && reconciled.length === 0) || stepped.snapshot.version === 0) {
      return { ...stepped, previous, committed: false, ...NOTHING_PLANNED };
    }
    // A step that changes nothing still commits a reconciliation that moves seats, so the counter
    // never drifts from the statuses; the event itself is then not recorded as processed.
    const result =
      unchanged && previous !== undefined
        ? { ...stepped, snapshot: { ...previous, version: previous.version + 1 }, effects: reconciled }
        : { ...stepped, effects: [...reconciled, ...stepped.effects] };
    if (capacity === undefined && needsCapacity(result.effects)) {
      capacity = (options.event ?? (await deps.events.getEvent(key.eventID, key.year)))?.capac;
    }
    const planned = mergeOperations(
      planOperations({
        subject: { kind: 'registration', key },
        effects: result.effects,
        now,
        policy: deps.effectPolicy ?? DEFAULT_EFFECT_POLICY,
      }),
      options.also,
    );
    try {
      await deps.registrations.commitRegistration({
        key,
        expected,
        next: result.snapshot,
        effects: result.effects,
        capacity,
        stripeEventId: unchanged ? undefined : stripeEventIdOf(current),
        form: expected.exists ? undefined : options.form,
        outbox: planned.outbox.length > 0 ? planned.outbox : undefined,
        queue: planned.queue.length > 0 ? planned.queue : undefined,
        audit: auditEntry(
          current,
          previous?.value ?? 'unregistered',
          result,
          now,
          stripeIdsOf(current),
          options.actor,
        ),
      });
      return { ...result, previous, committed: true, ...planned };
    } catch (error) {
      if (error instanceof DuplicateEventError)
        return { ...alreadyProcessed(previous, result.snapshot), ...NOTHING_PLANNED };
      if (error instanceof CapacityExceededError && 'seatAvailable' in current && current.seatAvailable) {
        current = { ...current, seatAvailable: false };
        continue;
      }
      if (error instanceof VersionConflictError) {
        lastConflict = error;
        continue;
      }
      throw error;
    }
  }
  throw new RetriesExhaustedError(maxAttempts, lastConflict);
}
