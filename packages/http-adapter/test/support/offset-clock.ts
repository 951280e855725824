import type { Clock } from '@biztech/payments-core';

/** Real time plus an offset tests can move forward (shared by the handler and stripe-local). */
export interface OffsetClock extends Clock {
  advance(ms: number): void;
}

export function offsetClock(): OffsetClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}
