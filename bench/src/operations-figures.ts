import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoLocal } from '@biztech/dev-services';
import { createDynamoStores, createTables } from '@biztech/payments-aws';
import type { EmailMessage, EventRecord } from '@biztech/payments-core';
import {
  createOutboxMailer,
  createPaymentsHandler,
  createPaymentsOperations,
  createProfileIdGenerator,
  createStripeGateway,
  type ReconcileReport,
  silentLogger,
} from '@biztech/payments-http';
import { createStripeLocal } from '@biztech/stripe-local';
import Stripe from 'stripe';

/** The figures issue 10 asks for: a reconcile pass over many Stripe events, and how fast the outbox drains. */
export interface OperationsFigures {
  payments: number;
  /** The pass that applies every payment the dropped webhooks never delivered. */
  catchUp: { ms: number; report: ReconcileReport };
  /** The next pass: the same events again, all duplicates. */
  replay: { ms: number; report: ReconcileReport };
  /** Emails the fast path could not send (the sender was down), carried out by one drain. */
  drain: { items: number; ms: number };
}

/**
 * `payments` paid registrations whose webhooks stripe-local drops, on DynamoDB Local; then a reconcile
 * pass (times it), a second one (all duplicates), and an outbox drain of the confirmation emails
 * the fast path failed to send while the sender was down.
 */
export async function operationsFigures(dynamo: DynamoLocal, payments: number): Promise<OperationsFigures> {
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  const local = createStripeLocal({ clock: clock.now, faults: { webhookDrop: 1 }, sweepIntervalMs: 0 });
  const { port } = await local.listen(0);
  const stripe = new Stripe('sk_test_bench', {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  const client = dynamo.client();
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tableSuffix = `BenchOps${Date.now()}`;
  await createTables(client, { tableSuffix });
  const stores = createDynamoStores(doc, { tableSuffix });
  const event: EventRecord = {
    id: 'blueprint',
    year: 2026,
    ename: 'Blueprint',
    capac: 100_000,
    isApplicationBased: false,
    pricing: { members: 10, nonMembers: 19.99 },
  };
  await doc.send(new PutCommand({ TableName: `biztechEvents${tableSuffix}`, Item: event }));

  // The sender is down until the drain: every confirmation stays in the outbox.
  const sent: EmailMessage[] = [];
  let senderUp = false;
  const sender = {
    async send(message: EmailMessage) {
      if (!senderUp) throw new Error('SES is down (bench)');
      sent.push(message);
      return { messageId: `m${sent.length}` };
    },
  };
  const deps = {
    ...stores,
    gateway: createStripeGateway(stripe),
    identity: { signUp: async () => ({ created: true }) },
    clock,
    ids: createProfileIdGenerator(),
    logger: silentLogger,
    email: createOutboxMailer({ sender, events: stores.events }),
  };
  const config = {
    allowedRedirectOrigins: ['http://localhost:3000'],
    clientUrl: 'http://localhost:3000/',
    webhookSecrets: ['whsec_bench'],
    cancelWebhookSecrets: [],
    membershipYear: 2026,
  };
  const handler = createPaymentsHandler(deps, config);
  const operations = createPaymentsOperations(deps, config);
  const post = async (path: string, body: unknown) => {
    const response = await handler(
      new Request(`http://bench${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', prefer: 'return=representation' },
        body: JSON.stringify(body),
      }),
    );
    return response.json() as Promise<{ sessionId?: string }>;
  };

  try {
    for (let i = 0; i < payments; i++) {
      const email = `ops${i}@ubc.ca`;
      const key = { email, eventID: event.id, year: event.year, fname: 'Ada' };
      await post('/registrations', { ...key, registrationStatus: 'incomplete' });
      const { sessionId } = await post('/payments', { ...key, paymentType: 'Event' });
      if (sessionId) local.pay(sessionId);
    }
    await local.whenIdle();

    const timedPass = async () => {
      const started = performance.now();
      const report = await operations.reconcile();
      return { ms: performance.now() - started, report };
    };
    const catchUp = await timedPass();
    const replay = await timedPass();

    // Past the fast path's grace and the first backoff, with the sender back: one drain sends them all.
    senderUp = true;
    offset += 60 * 60 * 1000;
    const started = performance.now();
    const drained = await operations.drainOutbox({ limit: payments * 2 });
    const drain = { items: drained.completed, ms: performance.now() - started };
    return { payments, catchUp, replay, drain };
  } finally {
    await local.close();
    client.destroy();
  }
}
