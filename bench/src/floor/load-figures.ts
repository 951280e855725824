import type { DynamoLocal } from '@biztech/dev-services';
import { listen } from '@biztech/payments-http/node';
import { benchStack } from './bench-stack.ts';
import { captureCalls, retarget, sendCommit } from './captured-commit.ts';
import { inParallel, type PreparedRecord, prepareRecords, quantile } from './prepared.ts';
import { webhookRequest } from './signed-webhook.ts';

/** Sustained load at one concurrency: the server's webhooks against raw commits. */
export interface LoadFigures {
  concurrency: number;
  webhooks: number;
  duplicates: number;
  errors: number;
  rawErrors: number;
  serverPerSecond: number;
  serverP99: number;
  rawPerSecond: number;
  rawP99: number;
  ratio: number;
}

/** A side of the comparison: its items and how to send one (true when answered as expected). */
interface Side<T> {
  items: T[];
  send: (item: T) => Promise<boolean>;
}

/** Per side: items per second over its blocks, latencies, failures. */
interface Driven {
  perSecond: number;
  p99: number;
  errors: number;
}

/**
 * Runs two sides at `concurrency` in alternating blocks (A, B, A, B, ...), so a change in the
 * machine's load during the run (other processes on a shared machine) falls on both alike.
 */
async function driveAlternating<A, B>(concurrency: number, blocks: number, a: Side<A>, b: Side<B>) {
  const run = async <T>(
    side: Side<T>,
    from: number,
    to: number,
    into: { ms: number[]; errors: number; elapsed: number },
  ) => {
    const started = performance.now();
    await inParallel(side.items.slice(from, to), concurrency, async (item) => {
      const t = performance.now();
      const ok = await side.send(item).catch(() => false);
      into.ms.push(performance.now() - t);
      if (!ok) into.errors += 1;
    });
    into.elapsed += performance.now() - started;
  };
  const ra = { ms: [] as number[], errors: 0, elapsed: 0 };
  const rb = { ms: [] as number[], errors: 0, elapsed: 0 };
  const sizeA = Math.ceil(a.items.length / blocks);
  const sizeB = Math.ceil(b.items.length / blocks);
  for (let i = 0; i < blocks; i++) {
    await run(a, i * sizeA, (i + 1) * sizeA, ra);
    await run(b, i * sizeB, (i + 1) * sizeB, rb);
  }
  const result = (r: typeof ra, n: number): Driven => ({
    perSecond: n / (r.elapsed / 1000),
    p99: quantile(r.ms, 0.99),
    errors: r.errors,
  });
  return { a: result(ra, a.items.length), b: result(rb, b.items.length) };
}

/**
 * Signed webhooks for distinct paid sessions, 20% of them second deliveries of one already sent,
 * through the Node server on 127.0.0.1 at `concurrency`; then raw `TransactWriteItems` (the
 * handler's own commit, retargeted at other prepared records) at the same concurrency on the same
 * DynamoDB Local. Both sides run on records prepared beforehand, outside the timing.
 */
export async function loadFigures(
  dynamo: DynamoLocal,
  concurrency: number,
  webhooks: number,
): Promise<LoadFigures> {
  const stack = await benchStack(dynamo, `Load${concurrency}`);
  const server = await listen(stack.handler, { port: 0 });
  try {
    const distinct = Math.round(webhooks * 0.8);
    const [probe, ...records] = await prepareRecords(stack, distinct + distinct + 1);
    if (!probe) throw new Error('no records');
    const viaServer = records.slice(0, distinct);
    const viaRaw = records.slice(distinct);
    const captured = await captureCalls(stack.doc, () =>
      stack.handler(webhookRequest('http://bench.local/payments/webhook', probe.hook)),
    );
    // Every fifth delivery repeats one sent a little earlier, as Stripe's retries do.
    const deliveries: PreparedRecord[] = [];
    viaServer.forEach((r, i) => {
      deliveries.push(r);
      if (i % 4 === 3) deliveries.push(viaServer[Math.max(0, i - 2)] as PreparedRecord);
    });
    const url = `${server.url}/payments/webhook`;
    const deliver = async (r: PreparedRecord) => {
      const res = await fetch(webhookRequest(url, r.hook));
      await res.arrayBuffer();
      return res.status === 200;
    };
    // Warm the server, the connections and the JIT first (duplicates of the probe: reads only).
    await inParallel(
      Array.from({ length: 4 * concurrency }, () => probe),
      concurrency,
      async (r) => {
        await deliver(r);
      },
    );
    const { a: served, b: raw } = await driveAlternating(
      concurrency,
      10,
      { items: deliveries, send: deliver },
      {
        items: viaRaw,
        send: async (r: PreparedRecord) => {
          await sendCommit(stack.doc, retarget(captured, probe.ids, r.ids));
          return true;
        },
      },
    );
    return {
      concurrency,
      webhooks: deliveries.length,
      duplicates: deliveries.length - viaServer.length,
      errors: served.errors,
      rawErrors: raw.errors,
      serverPerSecond: served.perSecond,
      serverP99: served.p99,
      rawPerSecond: raw.perSecond,
      rawP99: raw.p99,
      ratio: served.perSecond / raw.perSecond,
    };
  } finally {
    await server.close();
    stack.close();
  }
}
