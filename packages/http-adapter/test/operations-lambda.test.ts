import { describe, expect, it } from 'vitest';
import { createPaymentsOperations } from '../src/index.ts';
import { createOperationsLambdaHandler } from '../src/lambda/index.ts';
import type { FakeGateway } from './support/fake-gateway.ts';
import { memoryConfig, memoryDeps } from './support/memory-handler.ts';

function setup(now = 1_000_000) {
  const { stores, deps } = memoryDeps({ clock: { now: () => now } });
  const waits: number[] = [];
  const handler = createOperationsLambdaHandler(createPaymentsOperations(deps, memoryConfig), {
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  const expire = (id: string, dueAt: number) => ({
    id,
    action: { type: 'checkout.expire' as const, sessionId: `cs_${id}` },
    createdAt: now,
    dueAt,
    attempts: 0,
  });
  const record = (pk: string, eventName = 'INSERT', dueAt?: number) => ({
    eventName,
    dynamodb: { Keys: { pk: { S: pk } }, ...(dueAt ? { NewImage: { dueAt: { N: String(dueAt) } } } : {}) },
  });
  return { stores, gateway: deps.gateway as FakeGateway, handler, waits, expire, record, now };
}

describe('the operations Lambda', () => {
  it('drains the outbox for a stream batch with outbox work, after waiting until it is due', async () => {
    const t = setup();
    await t.stores.operations.addOutbox([t.expire('a', t.now)]);
    const result = await t.handler({ Records: [t.record('OUTBOX#a', 'INSERT', t.now + 30_000)] });
    expect(t.waits).toEqual([30_000]);
    expect(result).toEqual({
      job: 'drain',
      outboxRecords: 1,
      drained: { attempted: 1, completed: 1, retried: 0, stuck: 0 },
    });
    expect(t.gateway.expired).toEqual(['cs_a']);
    expect(t.stores.operations.inspect().outbox).toEqual([]);
  });

  it('waits at most maxWaitMs, and ignores removals and other items', async () => {
    const t = setup();
    await t.stores.operations.addOutbox([t.expire('b', t.now)]);
    const ignored = await t.handler({
      Records: [t.record('OUTBOX#b', 'REMOVE'), t.record('SEATS#gala;2026', 'MODIFY')],
    });
    expect(ignored).toMatchObject({ job: 'drain', outboxRecords: 0, drained: { attempted: 0 } });
    expect(t.gateway.expired).toEqual([]);
    await t.handler({ Records: [t.record('OUTBOX#b', 'MODIFY', t.now + 600_000)] });
    expect(t.waits).toEqual([40_000]);
  });

  it('runs a reconciliation pass on a scheduled event', async () => {
    const t = setup();
    const result = await t.handler({ source: 'aws.events', 'detail-type': 'Scheduled Event' });
    expect(result).toMatchObject({ job: 'reconcile', report: { examined: 0, applied: 0, failed: 0 } });
    expect(await t.stores.operations.getCheckpoint('stripe-events')).toBeDefined();
  });
});
