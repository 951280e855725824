import type { StripeEvent, StripeLocal, StripeLocalFaults } from '@biztech/stripe-local';

/** Where Stripe sends an event: the receiving route and the secret it signs with. */
export interface WebhookRoute {
  path: string;
  secret: string;
  /** Only these event types (all when absent), as a Stripe endpoint's `enabled_events`. */
  types?: readonly string[];
}

/** Sends one signed delivery; resolves to the status, or `'no answer'` when the receiver died. */
export type SendWebhook = (path: string, payload: string, secret: string) => Promise<number | 'no answer'>;

interface Delivery {
  event: StripeEvent;
  route: WebhookRoute;
  dueAt: number;
  attempt: number;
  order: number;
}

/** Counts of what the simulated Stripe did with events, for the figures. */
export interface DeliveryTally {
  events: number;
  dropped: number;
  duplicated: number;
  attempts: number;
  refused: number;
}

/** Stripe's delivery of events from stripe-local to the handler, with the faults of stripe-local's knobs. */
export interface StripeDeliveries {
  /** Takes stripe-local's new events and plans their deliveries (dropped, doubled, delayed as the knobs say). */
  collect(): void;
  /** Delivers what is due at `now`, earliest first; two at a time when `random` says so (concurrent deliveries). */
  deliverDue(now: number): Promise<void>;
  /** When the next planned delivery is due, or undefined when none is. */
  nextDueAt(): number | undefined;
  tally: DeliveryTally;
}

const MAX_ATTEMPTS = 6;
const RETRY_BASE_MS = 60_000;

/**
 * The simulated Stripe's webhook sender. It reads the knobs of stripe-local's `StripeLocalFaults`
 * (`webhookDrop`, `webhookDuplicate`, `webhookDelayMs`) but in simulated time, drawing every
 * decision from the schedule's seeded `random`, so a seed replays the same deliveries in the same
 * order. Refused deliveries (non-2xx, or no answer) are retried with backoff, as Stripe does; a
 * dropped event is never delivered, only listed (the reconciler finds it).
 */
export function createStripeDeliveries(options: {
  local: StripeLocal;
  routes: readonly WebhookRoute[];
  faults: () => Required<StripeLocalFaults>;
  random: () => number;
  send: SendWebhook;
  now: () => number;
}): StripeDeliveries {
  const seen = new Set<string>();
  let planned: Delivery[] = [];
  let order = 0;
  const tally: DeliveryTally = { events: 0, dropped: 0, duplicated: 0, attempts: 0, refused: 0 };
  const delay = (max: number) => (max <= 0 ? 0 : Math.floor(options.random() * (max + 1)));

  async function attempt(delivery: Delivery): Promise<void> {
    tally.attempts += 1;
    const payload = JSON.stringify(delivery.event, null, 2);
    const status = await options.send(delivery.route.path, payload, delivery.route.secret);
    if (status !== 'no answer' && status >= 200 && status < 300) return;
    tally.refused += 1;
    if (delivery.attempt + 1 >= MAX_ATTEMPTS) return;
    planned.push({
      ...delivery,
      attempt: delivery.attempt + 1,
      dueAt: options.now() + RETRY_BASE_MS * 2 ** delivery.attempt,
      order: order++,
    });
  }

  return {
    tally,
    collect() {
      const fresh = options.local
        .events()
        .filter((e) => !seen.has(e.id))
        .reverse();
      for (const event of fresh) {
        seen.add(event.id);
        tally.events += 1;
        const faults = options.faults();
        if (options.random() < faults.webhookDrop) {
          tally.dropped += 1;
          continue;
        }
        for (const route of options.routes) {
          if (route.types && !route.types.includes(event.type)) continue;
          const copies = options.random() < faults.webhookDuplicate ? 2 : 1;
          if (copies === 2) tally.duplicated += 1;
          for (let copy = 0; copy < copies; copy += 1) {
            const dueAt = options.now() + delay(faults.webhookDelayMs);
            planned.push({ event, route, dueAt, attempt: 0, order: order++ });
          }
        }
      }
    },
    async deliverDue(now) {
      for (;;) {
        const due = planned
          .filter((d) => d.dueAt <= now)
          .sort((a, b) => a.dueAt - b.dueAt || a.order - b.order);
        if (due.length === 0) return;
        const batch = due.slice(0, options.random() < 0.3 ? 2 : 1);
        planned = planned.filter((d) => !batch.includes(d));
        await Promise.all(batch.map(attempt));
      }
    },
    nextDueAt() {
      return planned.reduce<number | undefined>(
        (min, d) => (min === undefined || d.dueAt < min ? d.dueAt : min),
        undefined,
      );
    },
  };
}
