import type { EventRegistration } from '../ports.ts';
import { registrationFromLegacy } from './legacy.ts';

/** What today's items need to be read as registrations: the event's kind and its price. */
export interface LegacyFacts {
  isApplicationBased: boolean;
  priceCents: number;
}

/**
 * Seats the stored registrations of one event hold or use: a snapshot's `seat`, or for today's
 * items (no snapshot) what the legacy mapping says. What the seat counter should read.
 */
export function countSeats(
  registrations: readonly Pick<EventRegistration, 'stored'>[],
  facts: LegacyFacts,
): number {
  let taken = 0;
  for (const { stored } of registrations) {
    const seat =
      stored.kind === 'snapshot'
        ? stored.snapshot.context.seat
        : registrationFromLegacy(stored.item, facts).context.seat;
    if (seat !== 'none') taken += 1;
  }
  return taken;
}
