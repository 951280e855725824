import {
  applyRegistrationEvent,
  type EventRecord,
  type EventRegistration,
  type RegistrationKey,
  type RegistrationSnapshot,
} from '@biztech/payments-core';
import type { RouteContext } from '../routes/route-context.ts';
import { confirmLapsedCheckout } from './lapsed-checkout.ts';
import { runEffects } from './run-effects.ts';
import { lapseExpiredOffers } from './waitlist-offers.ts';
import { comesBefore, isWaiting } from './waitlist-order.ts';

/** Whether a registration about to check out may take a seat now. */
export type SeatTurn = { kind: 'free' } | { kind: 'full' } | { kind: 'not_your_turn'; ahead: number };

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
    const payment = await confirmLapsedCheckout(context, checkout.id);
    const event = payment
      ? { type: 'PAYMENT_SUCCEEDED' as const, payment }
      : { type: 'CHECKOUT_EXPIRED' as const, sessionId: checkout.id };
    const result = await applyRegistrationEvent(context.deps, r.key, event);
    await runEffects(context, { kind: 'registration', key: r.key }, result);
    if (result.committed) settled += 1;
  }
  return settled;
}

/**
 * Decides whether a registration without a seat may take one for a checkout now. A released seat
 * goes to the oldest waitlisted registration first (it is offered to them, see `waitlist-offers.ts`;
 * an open offer holds its seat on the counter, so nobody else can take it): a newcomer, or someone
 * later in the line, gets a seat only while more seats are free than registrations waiting before
 * them (a registration whose offer lapsed waits, but holds nobody back). When the event looks full,
 * holds of lapsed checkouts and offers past their deadline are settled first so a lost webhook or a
 * late lapse job never blocks a seat for good; a seat so freed may be offered to this very
 * registration, which then holds it. Reads the event's registrations (an index query) only when
 * capacity is bounded.
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
  if (taken >= event.capac) {
    const settled = (await releaseLapsedHolds(context, all)) + (await lapseExpiredOffers(context, all));
    if (settled > 0) {
      const mine = await deps.registrations.loadRegistration(key);
      if (mine?.kind === 'snapshot' && mine.snapshot.context.seat !== 'none') return { kind: 'free' };
      taken = await deps.events.seatsTaken(key.eventID, key.year);
    }
  }
  const free = event.capac - taken;
  if (free <= 0) return { kind: 'full' };
  const me = all.find((r) => r.key.email === key.email);
  const place = { key, createdAt: me?.createdAt };
  const ahead = all.filter((r) => r.key.email !== key.email && isWaiting(r) && comesBefore(r, place)).length;
  return free > ahead ? { kind: 'free' } : { kind: 'not_your_turn', ahead };
}
