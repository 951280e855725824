import type { RegistrationCommit } from '@biztech/payments-core';
import { seatCounterUpdate } from './bookkeeping-items.ts';
import type { PlannedItem } from './transaction.ts';

/**
 * The seat counter update a registration commit's `seat.*` effects ask for, or none. Effects are
 * summed into one update because a transaction may touch an item only once; the capacity
 * condition applies when any effect takes a seat under capacity and the commit knows the capacity.
 */
export function seatCounterWrite(table: string, commit: RegistrationCommit): PlannedItem | undefined {
  let delta = 0;
  let enforce = false;
  for (const effect of commit.effects) {
    if (effect.type === 'seat.hold') {
      delta += 1;
      enforce = true;
    } else if (effect.type === 'seat.take') {
      delta += 1;
      enforce ||= effect.enforceCapacity;
    } else if (effect.type === 'seat.release') {
      delta -= 1;
    }
  }
  if (delta === 0) return undefined;
  const capacity = enforce && delta > 0 ? commit.capacity : undefined;
  return seatCounterUpdate(table, commit.key.eventID, commit.key.year, delta, capacity, commit.audit.at);
}
