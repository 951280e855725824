import { QueueItemResolvedError } from '../errors.ts';
import type { OperationsStore, OutboxItem, QueueItem, QueueStatus } from '../operations/types.ts';

/** The in-memory operations store, plus what the in-memory machine stores write in their commits. */
export interface MemoryOperations extends OperationsStore {
  /** Records a commit's items: outbox items and queue items whose ids are new (the commit's all-or-nothing part). */
  record(outbox: OutboxItem[] | undefined, queue: QueueItem[] | undefined): void;
  /** Every item, for assertions. */
  inspect(): { outbox: OutboxItem[]; queue: QueueItem[]; checkpoints: Record<string, number> };
}

const clone = <T>(v: T): T => structuredClone(v);

/**
 * Outbox, operator queue and checkpoints in memory, with the DynamoDB store's semantics: an id
 * written twice keeps the first item, a retry is conditional on the attempts it read, a queue item
 * is resolved once.
 */
export function createMemoryOperations(): MemoryOperations {
  const outbox = new Map<string, OutboxItem>();
  const queue = new Map<string, QueueItem>();
  const checkpoints = new Map<string, number>();
  const quotas = new Map<string, number>();
  const addOutbox = (items: OutboxItem[] | undefined) => {
    for (const item of items ?? []) if (!outbox.has(item.id)) outbox.set(item.id, clone(item));
  };
  const addQueue = (items: QueueItem[] | undefined) => {
    for (const item of items ?? []) if (!queue.has(item.id)) queue.set(item.id, clone(item));
  };
  return {
    record(o, q) {
      addOutbox(o);
      addQueue(q);
    },
    async listDueOutbox(now, limit) {
      return [...outbox.values()]
        .filter((i) => i.dueAt <= now)
        .sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id))
        .slice(0, limit)
        .map(clone);
    },
    async getOutboxItem(id) {
      const item = outbox.get(id);
      return item ? clone(item) : undefined;
    },
    async completeOutbox(id) {
      outbox.delete(id);
    },
    async retryOutbox(id, previousAttempts, nextDueAt, error) {
      const item = outbox.get(id);
      // Another drainer recorded this attempt already: theirs stands.
      if (!item || item.attempts !== previousAttempts) return;
      outbox.set(id, { ...item, attempts: previousAttempts + 1, dueAt: nextDueAt, lastError: error });
    },
    async stickOutbox(id, item) {
      outbox.delete(id);
      addQueue([item]);
    },
    async addOutbox(items) {
      addOutbox(items);
    },
    async takeCheckoutQuota(email, hourStart, limit) {
      const key = `${email.toLowerCase()}#${hourStart}`;
      const taken = quotas.get(key) ?? 0;
      if (taken >= limit) return false;
      quotas.set(key, taken + 1);
      return true;
    },
    async report(item, items) {
      if (queue.has(item.id)) return false;
      addQueue([item]);
      addOutbox(items);
      return true;
    },
    async getQueueItem(id) {
      const item = queue.get(id);
      return item ? clone(item) : undefined;
    },
    async listQueue(status: QueueStatus, options = {}) {
      const all = [...queue.values()]
        .filter((i) => i.status === status)
        .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
      const start = options.cursor ? Number(options.cursor) : 0;
      const limit = options.limit ?? 50;
      const items = all.slice(start, start + limit).map(clone);
      const next = start + limit;
      return next < all.length ? { items, cursor: String(next) } : { items };
    },
    async resolveQueueItem(id, resolution, items) {
      const item = queue.get(id);
      if (item?.status !== 'open') throw new QueueItemResolvedError(id);
      queue.set(id, { ...item, status: 'resolved', resolution: clone(resolution) });
      addOutbox(items);
    },
    async getCheckpoint(name) {
      return checkpoints.get(name);
    },
    async setCheckpoint(name, value) {
      checkpoints.set(name, value);
    },
    inspect() {
      return {
        outbox: [...outbox.values()].map(clone),
        queue: [...queue.values()].map(clone),
        checkpoints: Object.fromEntries(checkpoints),
      };
    },
  };
}
