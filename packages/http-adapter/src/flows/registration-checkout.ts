import {
  applyRegistrationEvent,
  type CheckoutSession,
  CURRENCY,
  checkoutExpiresAt,
  checkoutIdempotencyKey,
  DEFAULT_EFFECT_POLICY,
  type EventRecord,
  eventPriceCents,
  isLive,
  needsPayment,
  type OperationSubject,
  planOperations,
  type RegistrationKey,
} from '@biztech/payments-core';
import { GatewayError } from '../errors.ts';
import { httpError } from '../http/json-response.ts';
import type { RedirectUrls } from '../http/redirects.ts';
import type { RouteContext } from '../routes/route-context.ts';
import { takeCheckoutQuota } from './checkout-quota.ts';
import { notPayableError } from './registration-refusal.ts';
import { type LoadedRegistration, runnerReads } from './registration-view.ts';
import { runEffects } from './run-effects.ts';
import { seatTurn } from './seat-turn.ts';

/** Everything needed to hand a registrant a payable checkout. */
export interface RegistrationCheckoutInput {
  key: RegistrationKey;
  event: EventRecord;
  /** The registration as the route loaded (and settled) it; its stored item saves the runner a read. */
  registration: LoadedRegistration;
  urls: RedirectUrls;
}

/**
 * Returns a live checkout for a registration that needs payment (or a waitlisted one whose turn
 * has come): the live one it has, or a new session recorded with `OPEN_CHECKOUT`. Capacity and
 * the waitlist's order are checked before a session is created, so nobody is sent to pay for a
 * seat that is not there or not theirs (defect 11); the store's conditional seat hold settles
 * races, and a registration the machine waitlisted gets its new session expired.
 *
 * @throws PaymentsHttpError 409 `event_full` / `free_event` / `already_paid` / `not_payable`,
 *   503 when the gateway or the store fails
 */
export async function openRegistrationCheckout(
  context: RouteContext,
  input: RegistrationCheckoutInput,
): Promise<CheckoutSession> {
  const { deps } = context;
  const { key, event, urls } = input;
  const subject = { kind: 'registration' as const, key };
  let snapshot = input.registration.snapshot;
  // What the route read stands in for the runner's reads until a commit here makes it stale.
  let reads = runnerReads(input.registration, event);
  if (isLive(snapshot.context.checkout, deps.clock.now())) return snapshot.context.checkout;
  // A waitlisted paid registration (not an application) may pay once a seat is free for it.
  const waitlisted = snapshot.value === 'waitlist' && !snapshot.context.isApplicationBased;
  if (!needsPayment(snapshot) && !waitlisted) throw notPayableError(snapshot);
  // The price when the session is created: today's pricing and today's membership (someone who
  // joined after registering pays the member price). Each session keeps its own amount.
  const user = await deps.users.getUser(key.email);
  const amount = eventPriceCents(event.pricing, user?.isMember ?? false);
  if (amount <= 0) throw httpError('free_event', 409, 'this event is free: there is nothing to pay');

  // Capacity is checked before a session is created: nobody is sent to pay for a seat that is
  // not there, or that belongs to someone earlier on the waitlist.
  const turn = await seatTurn(context, key, event, snapshot);
  if (turn.kind !== 'free') {
    if (waitlisted) {
      context.setOutcome('waitlisted');
      throw httpError(
        'event_full',
        409,
        'no seat is free for this registration yet; it stays on the waitlist',
      );
    }
    const full = await applyRegistrationEvent(deps, key, { type: 'SEAT_UNAVAILABLE' }, reads);
    if (full.committed) reads = { event };
    await runEffects(context, subject, full);
    if (full.snapshot.value === 'waitlist') {
      context.setOutcome('waitlisted');
      throw httpError('event_full', 409, 'the event is full; the registration is on the waitlist');
    }
    snapshot = full.snapshot;
  }

  await takeCheckoutQuota(context, key.email);
  const now = deps.clock.now();
  const reference = { kind: 'registration' as const, ...key, attempt: snapshot.context.attempts + 1 };
  const session = await deps.gateway.createCheckout({
    reference,
    amount,
    currency: CURRENCY,
    productName: event.ename,
    imageUrl: event.imageUrl,
    successUrl: urls.successUrl,
    cancelUrl: urls.cancelUrl,
    customerEmail: key.email,
    expiresAt: checkoutExpiresAt(now),
    idempotencyKey: checkoutIdempotencyKey(reference),
  });
  const opened = await applyRegistrationEvent(
    deps,
    key,
    { type: 'OPEN_CHECKOUT', session, seatAvailable: true },
    reads,
  );
  await runEffects(context, subject, opened);
  const current = opened.snapshot.context.checkout;
  if (current?.id !== session.id) await expireOrphan(context, subject, session.id, opened.effects);
  if (isLive(current, deps.clock.now())) return current;
  if (opened.snapshot.value === 'waitlist') {
    context.setOutcome('waitlisted');
    throw httpError('event_full', 409, 'the event is full; the registration is on the waitlist');
  }
  if (!needsPayment(opened.snapshot)) throw notPayableError(opened.snapshot);
  throw new GatewayError(
    'gateway_unavailable',
    `the new checkout was not recorded (${opened.reason ?? opened.outcome})`,
  );
}

/**
 * A session we created that the record did not take must not stay payable. The machine already
 * asks to expire it when it rejects the newcomer; otherwise (e.g. a clock skew made it look
 * expired) it is expired here.
 */
export async function expireOrphan(
  context: RouteContext,
  subject: OperationSubject,
  sessionId: string,
  effects: ReadonlyArray<{ type: string; sessionId?: string | null }>,
): Promise<void> {
  if (effects.some((e) => e.type === 'checkout.expire' && e.sessionId === sessionId)) return;
  // No commit carries this expiry: it is recorded in the outbox on its own, then carried out.
  const { outbox } = planOperations({
    subject,
    effects: [{ type: 'checkout.expire', sessionId }],
    now: context.deps.clock.now(),
    policy: DEFAULT_EFFECT_POLICY,
  });
  await context.deps.operations.addOutbox(outbox);
  await runEffects(context, subject, { effects: [], outbox });
}
