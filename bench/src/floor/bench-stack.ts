import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoLocal } from '@biztech/dev-services';
import { createDynamoStores, createTables, resolveTables } from '@biztech/payments-aws';
import { applyRegistrationEvent, type EventRecord } from '@biztech/payments-core';
import { session } from '@biztech/payments-core/conformance';
import {
  createPaymentsHandler,
  createProfileIdGenerator,
  createStripeGateway,
  type PaymentsHandler,
} from '@biztech/payments-http';
import Stripe from 'stripe';

/** The webhook secret the benchmark signs with. */
export const BENCH_WEBHOOK_SECRET = 'whsec_bench_floor';

/** The paid event every benchmark registration is for (a capacity that never runs out). */
export const BENCH_EVENT: EventRecord = {
  id: 'floor',
  year: 2026,
  ename: 'Floor',
  capac: 1_000_000,
  isApplicationBased: false,
  pricing: { members: 10, nonMembers: 19.99 },
};

/** Fresh tables on DynamoDB Local, the stores on them, and the whole handler (as production builds it). */
export interface BenchStack {
  doc: DynamoDBDocumentClient;
  tables: ReturnType<typeof resolveTables>;
  handler: PaymentsHandler;
  stores: ReturnType<typeof createDynamoStores>;
  /** Registers `email` and opens the checkout `sessionId` through core's runner: a paid place waiting for its webhook. */
  openCheckout(email: string, sessionId: string): Promise<void>;
  close(): void;
}

/**
 * Builds the stack the floor figures measure: DynamoDB Local tables under a fresh suffix, the
 * DynamoDB stores, and `createPaymentsHandler` with the Stripe gateway (the fulfilment path makes
 * no Stripe call; the SDK is pointed at a port nothing listens on, so a call would fail loudly).
 */
export async function benchStack(dynamo: DynamoLocal, label: string): Promise<BenchStack> {
  const client = dynamo.client();
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tableSuffix = `Floor${label}${Date.now()}`;
  await createTables(client, { tableSuffix });
  const tables = resolveTables({ tableSuffix });
  await doc.send(new PutCommand({ TableName: tables.events, Item: { ...BENCH_EVENT } }));
  const stores = createDynamoStores(doc, { tableSuffix });
  const clock = { now: () => Date.now() };
  const stripe = new Stripe('sk_test_bench', {
    host: '127.0.0.1',
    port: 9,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  const handler = createPaymentsHandler(
    {
      ...stores,
      gateway: createStripeGateway(stripe),
      identity: { signUp: async () => ({ created: true }) },
      clock,
      ids: createProfileIdGenerator(),
      logger: { info() {}, warn() {}, error() {} },
    },
    {
      allowedRedirectOrigins: ['http://localhost:3000'],
      clientUrl: 'http://localhost:3000/',
      webhookSecrets: [BENCH_WEBHOOK_SECRET],
      cancelWebhookSecrets: [BENCH_WEBHOOK_SECRET],
      membershipYear: 2026,
    },
  );
  const deps = { ...stores, clock };
  return {
    doc,
    tables,
    handler,
    stores,
    async openCheckout(email, sessionId) {
      const key = { email, eventID: BENCH_EVENT.id, year: BENCH_EVENT.year };
      await applyRegistrationEvent(deps, key, {
        type: 'REGISTER',
        ...key,
        isApplicationBased: false,
        priceCents: 1999,
        seatAvailable: true,
      });
      await applyRegistrationEvent(deps, key, {
        type: 'OPEN_CHECKOUT',
        session: session(sessionId, 1999, clock.now()),
        seatAvailable: true,
      });
    },
    close: () => client.destroy(),
  };
}
