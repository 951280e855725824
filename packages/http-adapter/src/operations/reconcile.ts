import { type DrainReport, drainOutbox } from '@biztech/payments-core';
import { applyStripeEvent, HANDLED_STRIPE_EVENT_TYPES } from '../flows/apply-stripe-event.ts';
import { releaseLapsedHolds } from '../flows/seat-turn.ts';
import { lapseExpiredOffers } from '../flows/waitlist-offers.ts';
import { errorFields } from '../logger.ts';
import type { RouteContext } from '../routes/route-context.ts';
import { executeOutbox } from './execute-outbox.ts';
import { closeOwnedQueueItems } from './owned-queue-items.ts';
import { recountSeats, type SeatRepair } from './seat-recount.ts';

/** The checkpoint of the replay: the `created` time (epoch seconds) of the newest event examined. */
export const STRIPE_EVENTS_CHECKPOINT = 'stripe-events';
/** How far before the checkpoint a pass starts reading, for events Stripe stamps out of order. */
export const RECONCILE_OVERLAP_S = 300;
/** How far back the very first pass reads (Stripe retries a webhook for three days). */
export const FIRST_PASS_WINDOW_S = 3 * 24 * 60 * 60;

/** Options of one pass. */
export interface ReconcileOptions {
  /** Replay the events of the last `sinceSeconds` instead of reading from the checkpoint. */
  sinceSeconds?: number;
}

/** What one reconciliation pass did. The first five are CONTRACT §5's answer. */
export interface ReconcileReport {
  /** Stripe events read from the list. */
  examined: number;
  /** Events that changed a record (the webhook had not delivered them). */
  applied: number;
  /** Events applied before (by the webhook or an earlier pass). */
  duplicate: number;
  ignored: number;
  /** Operator queue items the replay opened. */
  queued: number;
  /** Holds of lapsed checkouts settled (released, or fulfilled when paid after all). */
  released: number;
  /** Waitlist offers past their deadline, passed on to the next in line. */
  lapsedOffers: number;
  /** Seat counters set to what the registrations hold. */
  repaired: SeatRepair[];
  /** Queue items whose payment a registration already holds (an `accept` cut short), closed. */
  closed: number;
  /** The outbox sweep. */
  drained: DrainReport;
  /** Events that failed to apply (a store fault): the checkpoint stays before them, so the next pass retries. */
  failed: number;
}

/**
 * True when a pass found nothing to do and nothing failed: what "the system has settled" means to
 * a caller running passes until two in a row are quiet (the chaos test, the simulation).
 */
export function isQuietPass(report: ReconcileReport): boolean {
  return (
    report.applied === 0 &&
    report.queued === 0 &&
    report.released === 0 &&
    report.lapsedOffers === 0 &&
    report.repaired.length === 0 &&
    report.closed === 0 &&
    report.failed === 0 &&
    report.drained.attempted === 0
  );
}

/**
 * One reconciliation pass (CONTRACT §5), safe to run at any time and concurrently with the webhook:
 * 1. replays Stripe's event list (`GET /v1/events`, the types the webhook handles) from the stored
 *    checkpoint minus an overlap, oldest first, through exactly the webhook's code, so an event the
 *    webhook missed is applied and one it delivered is a duplicate;
 * 2. settles holds whose checkout lapsed (confirmed with Stripe first) and passes on waitlist
 *    offers past their deadline;
 * 3. recounts every event's seats from the stored registrations and repairs the counter;
 * 4. closes queue items whose payment a registration already holds (an `accept` cut short);
 * 5. sweeps the outbox (items the fast path could not carry out).
 */
export async function reconcilePass(
  context: RouteContext,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const { deps, logger, requestId } = context;
  const nowS = Math.floor(deps.clock.now() / 1000);
  const report: ReconcileReport = {
    examined: 0,
    applied: 0,
    duplicate: 0,
    ignored: 0,
    queued: 0,
    released: 0,
    lapsedOffers: 0,
    repaired: [],
    closed: 0,
    drained: { attempted: 0, completed: 0, retried: 0, stuck: 0 },
    failed: 0,
  };

  // 1. Replay.
  const checkpoint = await deps.operations.getCheckpoint(STRIPE_EVENTS_CHECKPOINT);
  const from =
    options.sinceSeconds !== undefined
      ? nowS - options.sinceSeconds
      : checkpoint !== undefined
        ? checkpoint - RECONCILE_OVERLAP_S
        : nowS - FIRST_PASS_WINDOW_S;
  const events = await deps.gateway.listEvents({ createdGte: from, types: HANDLED_STRIPE_EVENT_TYPES });
  let examinedUpTo = checkpoint ?? from;
  for (const event of events) {
    report.examined += 1;
    const created = (event as { created?: unknown }).created;
    try {
      const result = await applyStripeEvent(context, event);
      report[result.outcome] += 1;
      report.queued += result.queued;
    } catch (error) {
      report.failed += 1;
      logger.error({
        requestId,
        msg: 'reconcile: event not applied',
        eventId: (event as { id?: unknown }).id,
        ...errorFields(error),
      });
      // Events are read oldest first: stop here, so the checkpoint never passes an event not applied.
      break;
    }
    if (typeof created === 'number' && created > examinedUpTo) examinedUpTo = created;
  }
  if (examinedUpTo !== checkpoint)
    await deps.operations.setCheckpoint(STRIPE_EVENTS_CHECKPOINT, examinedUpTo);

  // 2 and 3. Holds and seat counters, per event of this year and the last.
  const thisYear = new Date(deps.clock.now()).getUTCFullYear();
  for (const event of await deps.events.listEvents(thisYear - 1)) {
    let registrations = await deps.registrations.listEventRegistrations(event.id, event.year);
    const released = await releaseLapsedHolds(context, registrations);
    report.released += released;
    const lapsed = await lapseExpiredOffers(context, registrations);
    report.lapsedOffers += lapsed;
    if (released + lapsed > 0)
      registrations = await deps.registrations.listEventRegistrations(event.id, event.year);
    const repair = await recountSeats(context, event, registrations);
    if (repair) report.repaired.push(repair);
  }

  // 4. Queue items whose money a registration already holds.
  report.closed = await closeOwnedQueueItems(context);

  // 5. The outbox sweep.
  report.drained = await drainOutbox({
    operations: deps.operations,
    execute: (item) => executeOutbox(deps, item),
    clock: deps.clock,
  });
  logger.info({ requestId, msg: 'reconcile pass', ...report, repaired: report.repaired.length });
  return report;
}
