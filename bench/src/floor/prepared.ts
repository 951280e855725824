import type { BenchStack } from './bench-stack.ts';
import { type SignedWebhook, signedCompletion } from './signed-webhook.ts';

/** One paid place waiting for its webhook, with the identifiers that name it everywhere. */
export interface PreparedRecord {
  ids: { email: string; session: string; event: string };
  hook: SignedWebhook;
}

let serial = 0;

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * `n` registrations with an open checkout each (REGISTER + OPEN_CHECKOUT through core's runner),
 * and the signed `checkout.session.completed` of each. Identifiers are unique across calls and of
 * one length, so a captured request of one record can be retargeted at another by replacing text.
 */
export async function prepareRecords(stack: BenchStack, n: number): Promise<PreparedRecord[]> {
  const records = Array.from({ length: n }, () => {
    const tag = `floor${(serial++).toString().padStart(7, '0')}`;
    const ids = { email: `${tag}@ubc.ca`, session: `cs_${tag}`, event: `evt_${tag}` };
    return { ids, hook: signedCompletion(ids.email, ids.session, ids.event) };
  });
  await inParallel(records, 8, (r) => stack.openCheckout(r.ids.email, r.ids.session));
  return records;
}

/** The `p`-quantile (0–1) of a list of numbers. */
export function quantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}
