import { expect, test } from 'vitest';
import { QueueItemResolvedError } from '../errors.ts';
import { drainOutbox } from '../operations/drain.ts';
import type { OutboxItem, QueueItem } from '../operations/types.ts';
import type { EventRecord } from '../ports.ts';
import { applyRegistrationEvent, type RegistrationDeps } from '../registration/apply.ts';
import type { RegistrationKey } from '../registration/types.ts';
import { manualClock, paid, paidEvent, session } from './fixtures.ts';
import type { ConformanceHarness } from './index.ts';

/**
 * The outbox, the operator queue and the reconciler's bookkeeping every store must get right
 * (part of `runStoreConformance`): items are written in the same commit as the step that found
 * them, an id written twice keeps one item, retries and resolutions are conditional.
 */
export function operationsTests(factory: () => Promise<ConformanceHarness> | ConformanceHarness) {
  const event: EventRecord = paidEvent({ id: 'ops-event', capac: 10 });
  const key: RegistrationKey = { email: 'ada@ubc.ca', eventID: event.id, year: event.year };
  const setup = async (autoRefund = false) => {
    const h = await factory();
    await h.seedEvent(event);
    const clock = manualClock();
    const deps: RegistrationDeps = { ...h, clock, effectPolicy: { autoRefund, emails: true } };
    return { h, deps, clock };
  };
  /** A paid place, then a second session's payment: money to give back. */
  const payTwice = async (deps: RegistrationDeps) => {
    await applyRegistrationEvent(deps, key, {
      type: 'REGISTER',
      ...key,
      isApplicationBased: false,
      priceCents: 1999,
      seatAvailable: true,
    });
    // Two tabs: two live sessions, both paid.
    for (const id of ['cs_ops_1', 'cs_ops_2']) {
      const s = session(id, 1999, deps.clock.now());
      await applyRegistrationEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s, seatAvailable: true });
    }
    const first = await applyRegistrationEvent(deps, key, {
      type: 'PAYMENT_SUCCEEDED',
      stripeEventId: 'evt_ops_1',
      payment: paid('cs_ops_1', 1999),
    });
    const second = await applyRegistrationEvent(deps, key, {
      type: 'PAYMENT_SUCCEEDED',
      stripeEventId: 'evt_ops_2',
      payment: paid('cs_ops_2', 1999),
    });
    return { first, second };
  };
  const outboxItem = (id: string, dueAt: number): OutboxItem => ({
    id,
    action: { type: 'checkout.expire', sessionId: `cs_${id}` },
    subject: { kind: 'registration', key },
    createdAt: dueAt,
    dueAt,
    attempts: 0,
  });
  const queueItem = (id: string, createdAt: number): QueueItem => ({
    id,
    kind: 'refund_needed',
    status: 'open',
    sessionId: `cs_${id}`,
    amount: 1999,
    reason: 'second_payment',
    createdAt,
  });

  test('a step that needs a refund records its queue item in the same commit, once', async () => {
    const { h, deps } = await setup();
    const { first, second } = await payTwice(deps);
    expect(first.outbox.map((i) => i.action.type)).toEqual(['email.send']);
    expect(second.queue).toMatchObject([
      { id: 'refund_needed:cs_ops_2', kind: 'refund_needed', status: 'open' },
    ]);
    expect(await h.operations.getQueueItem('refund_needed:cs_ops_2')).toMatchObject({
      kind: 'refund_needed',
      paymentIntent: 'pi_cs_ops_2',
      amount: 1999,
      subject: { kind: 'registration', key },
    });
    // A redelivery is a duplicate: nothing new is recorded.
    const again = await applyRegistrationEvent(deps, key, {
      type: 'PAYMENT_SUCCEEDED',
      stripeEventId: 'evt_ops_2',
      payment: paid('cs_ops_2', 1999),
    });
    expect([again.outcome, again.queue]).toEqual(['duplicate', []]);
    expect((await h.operations.listQueue('open')).items.map((i) => i.id)).toEqual(['refund_needed:cs_ops_2']);
    // The confirmation email was recorded with the payment, due after the fast path's grace.
    const due = await h.operations.listDueOutbox(deps.clock.now() + 60_000, 10);
    const mail = due.find((i) => i.action.type === 'email.send');
    expect(mail?.action).toMatchObject({
      type: 'email.send',
      template: 'registration_confirmed',
      to: key.email,
    });
  });

  test('with autoRefund the refund is an outbox item and the queue item is resolved by system', async () => {
    const { h, deps } = await setup(true);
    await payTwice(deps);
    expect(await h.operations.getOutboxItem('refund:cs_ops_2')).toMatchObject({
      action: { type: 'payment.refund', paymentIntent: 'pi_cs_ops_2', amount: 1999 },
    });
    expect(await h.operations.getQueueItem('refund_needed:cs_ops_2')).toMatchObject({
      status: 'resolved',
      resolution: { action: 'refund', by: { email: 'system' } },
    });
    expect((await h.operations.listQueue('open')).items).toEqual([]);
  });

  test('outbox: due items oldest first, an id written twice keeps the first, retries are conditional', async () => {
    const { h } = await setup();
    const ops = h.operations;
    await ops.addOutbox([outboxItem('b', 2_000), outboxItem('a', 1_000), outboxItem('later', 9_000)]);
    await ops.addOutbox([{ ...outboxItem('a', 1_000), attempts: 5 }]);
    expect((await ops.listDueOutbox(5_000, 10)).map((i) => [i.id, i.attempts])).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
    expect((await ops.listDueOutbox(5_000, 1)).map((i) => i.id)).toEqual(['a']);
    await ops.retryOutbox('a', 0, 7_000, 'gateway down');
    // A second drainer that read the same attempt count loses: its retry is a no-op.
    await ops.retryOutbox('a', 0, 99_000, 'late');
    expect(await ops.getOutboxItem('a')).toMatchObject({
      attempts: 1,
      dueAt: 7_000,
      lastError: 'gateway down',
    });
    await ops.completeOutbox('b');
    await ops.completeOutbox('b');
    expect(await ops.getOutboxItem('b')).toBeUndefined();
    expect((await ops.listDueOutbox(8_000, 10)).map((i) => i.id)).toEqual(['a']);
  });

  test('the drainer retries with backoff and moves an item that keeps failing to the queue', async () => {
    const { h, clock } = await setup();
    const ops = h.operations;
    await ops.addOutbox([outboxItem('flaky', clock.now()), outboxItem('fine', clock.now())]);
    const execute = async (item: OutboxItem) => {
      if (item.id === 'flaky') throw new Error('api_error');
    };
    const first = await drainOutbox({ operations: ops, execute, clock, maxAttempts: 3, baseDelayMs: 1_000 });
    expect(first).toEqual({ attempted: 2, completed: 1, retried: 1, stuck: 0 });
    // Not due again before its backoff.
    expect((await drainOutbox({ operations: ops, execute, clock, maxAttempts: 3 })).attempted).toBe(0);
    for (let i = 0; i < 3; i++) {
      clock.advance(60_000);
      await drainOutbox({ operations: ops, execute, clock, maxAttempts: 3, baseDelayMs: 1_000 });
    }
    expect(await ops.getOutboxItem('flaky')).toBeUndefined();
    expect(await ops.getQueueItem('stuck_event:flaky')).toMatchObject({
      kind: 'stuck_event',
      status: 'open',
      reason: 'checkout.expire_failed',
      outboxItem: { id: 'flaky', attempts: 2, lastError: 'api_error' },
    });
  });

  test('queue: listed by status and paginated; a report twice keeps one; resolved once', async () => {
    const { h } = await setup();
    const ops = h.operations;
    for (let i = 0; i < 5; i++) expect(await ops.report(queueItem(`q${i}`, 1_000 + i))).toBe(true);
    expect(await ops.report({ ...queueItem('q0', 1), reason: 'other' })).toBe(false);
    const page1 = await ops.listQueue('open', { limit: 3 });
    expect(page1.items.map((i) => i.id)).toEqual(['q0', 'q1', 'q2']);
    const page2 = await ops.listQueue('open', { limit: 3, cursor: page1.cursor });
    expect([page2.items.map((i) => i.id), page2.cursor]).toEqual([['q3', 'q4'], undefined]);
    const by = { email: 'admin@ubcbiztech.com', sub: 'sub-1' };
    const refund = outboxItem('refund:cs_q1', 5_000);
    // Two operators at once: exactly one resolution stands, the other is refused.
    const both = await Promise.allSettled([
      ops.resolveQueueItem('q1', { action: 'refund', by, at: 5_000 }, [refund]),
      ops.resolveQueueItem('q1', { action: 'dismiss', note: 'dup', by, at: 5_000 }),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = both.find((r) => r.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(QueueItemResolvedError);
    const resolved = await ops.getQueueItem('q1');
    expect(resolved?.status).toBe('resolved');
    // The refund is recorded only with the resolution that won.
    expect((await ops.getOutboxItem('refund:cs_q1')) !== undefined).toBe(
      resolved?.resolution?.action === 'refund',
    );
    expect((await ops.listQueue('resolved')).items.map((i) => i.id)).toEqual(['q1']);
    await expect(ops.resolveQueueItem('nope', { action: 'dismiss', by, at: 1 })).rejects.toBeInstanceOf(
      QueueItemResolvedError,
    );
  });

  test('checkpoints, the event list and the conditional seat repair', async () => {
    const { h } = await setup();
    expect(await h.operations.getCheckpoint('stripe-events')).toBeUndefined();
    await h.operations.setCheckpoint('stripe-events', 1_700_000_000);
    expect(await h.operations.getCheckpoint('stripe-events')).toBe(1_700_000_000);
    await h.seedEvent(paidEvent({ id: 'ops-old', year: 2020 }));
    expect((await h.events.listEvents(2026)).map((e) => e.id)).toEqual([event.id]);
    expect(await h.events.repairSeatsTaken(event.id, event.year, 0, 3)).toBe(true);
    expect(await h.events.seatsTaken(event.id, event.year)).toBe(3);
    expect(await h.events.repairSeatsTaken(event.id, event.year, 0, 1)).toBe(false);
    expect(await h.events.seatsTaken(event.id, event.year)).toBe(3);
  });

  test('the checkout quota counts per email and hour, up to its limit, and two takers at once never pass it', async () => {
    const { h } = await setup();
    const hour = Date.UTC(2026, 11, 7, 22);
    const taken = await Promise.all(
      Array.from({ length: 5 }, () => h.operations.takeCheckoutQuota('quota@ubc.ca', hour, 3)),
    );
    expect(taken.filter(Boolean)).toHaveLength(3);
    // Any casing is the same email; another hour and another email count apart.
    expect(await h.operations.takeCheckoutQuota('QUOTA@ubc.ca', hour, 3)).toBe(false);
    expect(await h.operations.takeCheckoutQuota('quota@ubc.ca', hour + 3_600_000, 3)).toBe(true);
    expect(await h.operations.takeCheckoutQuota('other@ubc.ca', hour, 3)).toBe(true);
  });
}
