import {
  applyRegistrationEvent,
  type EventRecord,
  type EventRegistration,
  isSettled,
  type RegistrationKey,
  type RegistrationSnapshot,
} from '@biztech/payments-core';
import type { RouteContext } from '../routes/route-context.ts';
import { runEffects } from './run-effects.ts';

/** Whether a registration about to check out may take a seat now. */
export type SeatTurn = { kind: 'free' } | { kind: 'full' } | { kind: 'not_your_turn'; ahead: number };

const isWaiting = (r: EventRegistration) =>
  r.stored.kind === 'snapshot'
    ? r.stored.snapshot.value === 'waitlist' && !r.stored.snapshot.context.isApplicationBased
    : r.stored.item.registrationStatus === 'waitlist' && !r.stored.item.applicationStatus;

/** First come, first served: earlier `createdAt`, then the email, so the order is total. */
function comesBefore(a: EventRegistration, b: { key: RegistrationKey; createdAt: number | undefined }) {
  const at = a.createdAt ?? Number.POSITIVE_INFINITY;
  const bt = b.createdAt ?? Number.POSITIVE_INFINITY;
  return at < bt || (at === bt && a.key.email < b.key.email);
}

/**
 * Gives back seats held for checkouts that lapsed without their `checkout.session.expired` ever
 * arriving. Each is confirmed with Stripe first: a session still open is expired there (so it can
 * no longer be paid), a session that was paid after all is fulfilled instead of released.
 *
 * @returns how many lapsed holds were found (settled now, or by a webhook a moment earlier)
 */
export async function releaseLapsedHolds(context: RouteContext, all: EventRegistration[]): Promise<number> {
  const now = context.deps.clock.now();
  let settled = 0;
  for (const r of all) {
    if (r.stored.kind !== 'snapshot') continue;
    const { checkout, seat } = r.stored.snapshot.context;
    if (seat !== 'held' || checkout === null || checkout.expiresAt > now) continue;
    const session = await context.deps.gateway.retrieveCheckout(checkout.id);
    if (session?.status === 'open') await context.deps.gateway.expireCheckout(checkout.id);
    const event =
      session !== undefined && session.status === 'complete' && isSettled(session.payment)
        ? { type: 'PAYMENT_SUCCEEDED' as const, payment: session.payment }
        : { type: 'CHECKOUT_EXPIRED' as const, sessionId: checkout.id };
    const result = await applyRegistrationEvent(context.deps, r.key, event);
    await runEffects(context, { kind: 'registration', key: r.key }, result);
    if (result.committed) settled += 1;
  }
  return settled;
}

/**
 * Decides whether a registration without a seat may take one for a checkout now. A released seat
 * goes to the oldest waitlisted registration first: a newcomer, or someone later in the line, gets
 * a seat only while more seats are free than registrations waiting before them. When the event
 * looks full, holds of lapsed checkouts are settled first so a lost expiry webhook never blocks a
 * seat for good. Reads the event's registrations (an index query) only when capacity is bounded.
 */
export async function seatTurn(
  context: RouteContext,
  key: RegistrationKey,
  event: EventRecord,
  snapshot: RegistrationSnapshot,
): Promise<SeatTurn> {
  const { deps } = context;
  if (event.capac === undefined || snapshot.context.seat !== 'none') return { kind: 'free' };
  const all = await deps.registrations.listEventRegistrations(key.eventID, key.year);
  let taken = await deps.events.seatsTaken(key.eventID, key.year);
  if (taken >= event.capac && (await releaseLapsedHolds(context, all)) > 0) {
    taken = await deps.events.seatsTaken(key.eventID, key.year);
  }
  const free = event.capac - taken;
  if (free <= 0) return { kind: 'full' };
  const me = all.find((r) => r.key.email === key.email);
  const place = { key, createdAt: me?.createdAt };
  const ahead = all.filter((r) => r.key.email !== key.email && isWaiting(r) && comesBefore(r, place)).length;
  return free > ahead ? { kind: 'free' } : { kind: 'not_your_turn', ahead };
}
