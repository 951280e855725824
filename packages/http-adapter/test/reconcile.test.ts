import { seatCounterKey } from '@biztech/payments-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPaymentBody, paidEvent, registrationBody, uid } from './support/fixtures.ts';
import { type Stack, startStack } from './support/stack.ts';

// Stripe-local drops every webhook: only the reconciler can learn what was paid.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ stripeLocal: { faults: { webhookDrop: 1 } } });
});
afterAll(() => stack.close());

const statusOf = async (email: string, eventID: string) =>
  (await stack.call('GET', `/registrations/${encodeURIComponent(email)}/${eventID}/2026`)).body
    ?.registrationStatus;

/** A paid registration whose checkout was paid at Stripe; the webhook never arrived. */
async function paidWithoutWebhook(eventID: string) {
  const email = `${uid('rec')}@ubc.ca`;
  await stack.call('POST', '/registrations', registrationBody(email, paidEvent({ id: eventID })));
  const res = await stack.call('POST', '/payments', eventPaymentBody(email, paidEvent({ id: eventID })));
  await stack.pay(res.body.sessionId);
  return { email, sessionId: res.body.sessionId as string };
}

describe('reconcile pass', () => {
  it('applies a paid checkout whose webhooks were all dropped, and replays it as a duplicate later', async () => {
    const event = paidEvent({ id: uid('rec-ev'), capac: 10 });
    await stack.seedEvent(event);
    const { email } = await paidWithoutWebhook(event.id);
    const raw = (await stack.scan(stack.tables.registrations)).find((i) => i.id === email);
    expect(raw?.registrationStatus).toBe('incomplete');

    const first = await stack.operations.reconcile();
    expect(first.applied).toBeGreaterThanOrEqual(1);
    expect(first.failed).toBe(0);
    expect(await statusOf(email, event.id)).toBe('registered');

    // The next pass re-reads the overlap: the same events are duplicates now, nothing changes.
    const second = await stack.operations.reconcile();
    expect(second.examined).toBeGreaterThanOrEqual(1);
    expect(second.applied).toBe(0);
    expect(second.duplicate).toBeGreaterThanOrEqual(1);
    expect(await stack.deps.events.seatsTaken(event.id, 2026)).toBe(1);
  });

  it('repairs a seat counter another tool moved, and reports what it changed', async () => {
    const event = paidEvent({ id: uid('rec-seats'), capac: 10 });
    await stack.seedEvent(event);
    const { email } = await paidWithoutWebhook(event.id);
    await stack.operations.reconcile();
    expect(await statusOf(email, event.id)).toBe('registered');
    await stack.put(stack.tables.payments, { ...seatCounterKey(event.id, 2026), taken: 7 });
    const report = await stack.operations.reconcile();
    expect(report.repaired).toContainEqual({ eventID: event.id, year: 2026, from: 7, to: 1 });
    expect(await stack.deps.events.seatsTaken(event.id, 2026)).toBe(1);
  });

  it('releases a hold whose checkout lapsed without its expiry webhook, after asking Stripe', async () => {
    const event = paidEvent({ id: uid('rec-hold'), capac: 3 });
    await stack.seedEvent(event);
    const email = `${uid('hold')}@ubc.ca`;
    await stack.call('POST', '/registrations', registrationBody(email, event));
    const res = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    expect(await stack.deps.events.seatsTaken(event.id, 2026)).toBe(1);
    // Past the session's expiry (stripe-local shares the clock and expires it; the webhook is dropped).
    stack.clock.advance(25 * 60 * 60 * 1000);
    await stack.local.whenIdle();
    const report = await stack.operations.reconcile();
    expect(report.released + report.applied).toBeGreaterThanOrEqual(1);
    expect(await stack.deps.events.seatsTaken(event.id, 2026)).toBe(0);
    expect(stack.local.getSession(res.body.sessionId)?.status).toBe('expired');
  });

  it('closes a queue item whose payment the registration holds (an accept cut short), and no other', async () => {
    // Prepare: the place holds session X; an operator's accept of refund_needed:X honoured it and
    // died before the item's resolution. Session Y's item is money nobody holds.
    const event = paidEvent({ id: uid('rec-owned'), capac: 10 });
    await stack.seedEvent(event);
    const { email, sessionId } = await paidWithoutWebhook(event.id);
    await stack.operations.reconcile();
    expect(await statusOf(email, event.id)).toBe('registered');
    const key = { email, eventID: event.id, year: 2026 };
    const item = (id: string) => ({
      id: `refund_needed:${id}`,
      kind: 'refund_needed' as const,
      status: 'open' as const,
      sessionId: id,
      amount: 1999,
      subject: { kind: 'registration' as const, key },
      reason: 'second_payment',
      createdAt: stack.clock.now(),
    });
    await stack.deps.operations.report(item(sessionId));
    await stack.deps.operations.report(item('cs_not_held'));
    // Act
    const report = await stack.operations.reconcile();
    const again = await stack.operations.reconcile();
    // Assess
    expect([report.closed, again.closed]).toEqual([1, 0]);
    const held = await stack.deps.operations.getQueueItem(`refund_needed:${sessionId}`);
    expect(held).toMatchObject({
      status: 'resolved',
      resolution: { action: 'accept', by: { email: 'system' } },
    });
    expect((await stack.deps.operations.getQueueItem('refund_needed:cs_not_held'))?.status).toBe('open');
  });
});
