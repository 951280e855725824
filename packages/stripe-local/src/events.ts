import { newId } from './ids.js';

/** The event types this server emits. */
export type StripeLocalEventType =
  | 'checkout.session.completed'
  | 'checkout.session.expired'
  | 'checkout.session.async_payment_succeeded'
  | 'checkout.session.async_payment_failed'
  | 'charge.refunded';

/** Every event type this server emits, for endpoint configuration and documentation. */
export const EVENT_TYPES: readonly StripeLocalEventType[] = [
  'checkout.session.completed',
  'checkout.session.expired',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'charge.refunded',
];

/** The API request that caused an event, or nulls when the customer or a timer caused it. */
export interface EventRequest {
  id: string | null;
  idempotency_key: string | null;
}

/** Stripe's `event` object. `data.object` is a snapshot of the object when the event happened. */
export interface StripeEvent<T = Record<string, unknown>> {
  id: string;
  object: 'event';
  type: StripeLocalEventType;
  api_version: string;
  created: number;
  livemode: false;
  data: { object: T };
  /** Endpoints that have not yet acknowledged the event with a 2xx. */
  pending_webhooks: number;
  request: EventRequest;
}

/** Inputs of {@link createEvent}. */
export interface CreateEventInput {
  type: StripeLocalEventType;
  /** The object the event is about; deep-copied so later changes do not leak into the event. */
  object: Record<string, unknown>;
  /** Unix seconds. */
  created: number;
  apiVersion: string;
  request?: EventRequest;
}

/** Creates an event with a fresh `evt_` id and a snapshot of its object. */
export function createEvent(input: CreateEventInput): StripeEvent {
  return {
    id: newId('evt_'),
    object: 'event',
    type: input.type,
    api_version: input.apiVersion,
    created: input.created,
    livemode: false,
    data: { object: structuredClone(input.object) },
    pending_webhooks: 0,
    request: input.request ?? { id: null, idempotency_key: null },
  };
}

/**
 * Whether an event type matches a pattern as Stripe's endpoint filters and `type` list filter do:
 * an exact type, `*` for everything, or a prefix wildcard such as `checkout.session.*`.
 */
export function eventTypeMatches(type: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return type === pattern;
}
