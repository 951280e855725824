import { QUEUE_KINDS, type QueueItem } from '@biztech/payments-core';
import { z } from 'zod';

const subjectSchema = z.union([
  z.object({
    kind: z.literal('registration'),
    key: z.object({ email: z.string(), eventID: z.string(), year: z.number().int() }),
  }),
  z.object({
    kind: z.literal('membership'),
    key: z.object({ email: z.string(), membershipYear: z.number().int() }),
  }),
]);

/** One operator queue item as answered (CONTRACT §5), with how it was resolved once it was. */
export const queueItemSchema = z
  .object({
    id: z.string().meta({ example: 'refund_needed:cs_test_a1' }),
    kind: z.enum(QUEUE_KINDS),
    sessionId: z.string().optional(),
    paymentIntent: z.string().optional(),
    amount: z.number().int().optional().meta({ description: 'cents' }),
    currency: z.string().optional(),
    subject: subjectSchema.optional(),
    reason: z.string().meta({ example: 'second_payment' }),
    createdAt: z.number().meta({ description: 'epoch ms' }),
    status: z.enum(['open', 'resolved']),
    resolution: z
      .object({
        action: z.enum(['refund', 'accept', 'dismiss']),
        note: z.string().optional(),
        by: z.object({ email: z.string(), sub: z.string() }),
        at: z.number(),
      })
      .optional(),
  })
  .meta({ id: 'QueueItem' });

/** A queue item without its bookkeeping (`outboxItem` of a stuck event), as the document names it. */
export function queueItemBody(item: QueueItem): z.infer<typeof queueItemSchema> {
  const body = {
    id: item.id,
    kind: item.kind,
    sessionId: item.sessionId,
    paymentIntent: item.paymentIntent,
    amount: item.amount,
    currency: item.currency,
    subject: item.subject,
    reason: item.reason,
    createdAt: item.createdAt,
    status: item.status,
    resolution: item.resolution,
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== null)) as z.infer<
    typeof queueItemSchema
  >;
}
