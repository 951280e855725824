import {
  applyRegistrationEvent,
  type EventRegistration,
  type RegistrationEvent,
} from '@biztech/payments-core';
import type { RouteContext } from '../routes/route-context.ts';
import { confirmLapsedCheckout } from './lapsed-checkout.ts';
import { runEffects } from './run-effects.ts';
import { waitlistLine } from './waitlist-order.ts';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Gives the event's free seats (capacity − seats taken) to its waitlist, oldest first (CONTRACT §5
 * "Waitlist offers"): each goes to the oldest waitlisted registration of a non-application event
 * whose offer never lapsed, with `OFFER_SEAT` (a random, unguessable offer id; the deadline
 * `waitlistOfferHours` from now). A free event's registration is `registered` at once; a paid
 * one's becomes `incomplete` with the seat held and the offer recorded (`registration.offered`,
 * which the outbox turns into the email with the {@link offerLink}). The store's capacity condition
 * settles races: the first commit that finds no seat ends the round.
 *
 * Called after every committed step that released a seat (`runEffects`), and by
 * {@link lapseExpiredOffers}.
 *
 * @returns how many registrations were offered a seat (or registered, on a free event)
 * @example
 * ```ts
 * await offerReleasedSeats(context, 'blueprint', 2026); // 1: the oldest waitlisted holds the seat
 * ```
 */
export async function offerReleasedSeats(
  context: RouteContext,
  eventID: string,
  year: number,
): Promise<number> {
  const { deps, config } = context;
  const event = await deps.events.getEvent(eventID, year);
  // Without a capacity nobody waits for a seat; applications leave the waitlist by decision.
  if (event?.capac === undefined || event.isApplicationBased) return 0;
  let free = event.capac - (await deps.events.seatsTaken(eventID, year));
  if (free <= 0) return 0;
  let offered = 0;
  for (const candidate of waitlistLine(await deps.registrations.listEventRegistrations(eventID, year))) {
    if (free <= 0) break;
    const result = await applyRegistrationEvent(deps, candidate.key, {
      type: 'OFFER_SEAT',
      offerId: globalThis.crypto.randomUUID(),
      expiresAt: deps.clock.now() + config.waitlistOfferHours * HOUR_MS,
      seatAvailable: true,
    });
    if (result.committed) {
      await runEffects(context, { kind: 'registration', key: candidate.key }, result);
      offered += 1;
      free -= 1;
      continue;
    }
    // The store's capacity condition failed: someone else took the seat first.
    if (result.reason === 'event_full') break;
    // Anything else (offered by a concurrent round, no longer waitlisted): the next in line.
  }
  return offered;
}

/**
 * Lapses the offers among `registrations` whose deadline has passed unpaid, and passes their seats
 * on. An offer whose checkout is still live (opened before the deadline) is left to that checkout
 * (at most 31 minutes more), so nobody is cut off mid-payment; an expired checkout is confirmed
 * with Stripe first, as `seat-turn.ts` does for holds: a session still open is expired there, and
 * one that was paid after all is fulfilled instead of lapsing. Then `OFFER_LAPSED` (the
 * registration waits again, never to be offered a second time) and {@link offerReleasedSeats} for
 * each event concerned.
 *
 * @param registrations e.g. an event's `listEventRegistrations`; others are skipped
 * @returns how many offers lapsed
 */
export async function lapseExpiredOffers(
  context: RouteContext,
  registrations: readonly EventRegistration[],
): Promise<number> {
  const { deps } = context;
  const now = deps.clock.now();
  const events = new Map<string, { eventID: string; year: number }>();
  let lapsed = 0;
  for (const r of registrations) {
    if (r.stored.kind !== 'snapshot' || r.stored.snapshot.value !== 'incomplete') continue;
    const { offer, checkout } = r.stored.snapshot.context;
    if (offer === undefined || offer === null || offer.expiresAt > now) continue;
    if (checkout !== null && checkout.expiresAt > now) continue;
    const payment = checkout === null ? undefined : await confirmLapsedCheckout(context, checkout.id);
    const event: RegistrationEvent = payment
      ? { type: 'PAYMENT_SUCCEEDED', payment }
      : { type: 'OFFER_LAPSED', offerId: offer.id };
    const result = await applyRegistrationEvent(deps, r.key, event);
    await runEffects(context, { kind: 'registration', key: r.key }, result);
    if (result.committed && event.type === 'OFFER_LAPSED') lapsed += 1;
    events.set(`${r.key.eventID};${r.key.year}`, { eventID: r.key.eventID, year: r.key.year });
  }
  // `runEffects` offered the released seats already; this round catches a seat its failure left free.
  for (const { eventID, year } of events.values()) await offerReleasedSeats(context, eventID, year);
  return lapsed;
}
