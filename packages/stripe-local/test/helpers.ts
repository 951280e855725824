import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterEach } from 'vitest';
import { createStripeLocal, type StripeLocal, type StripeLocalOptions } from '../src/index.js';

/** Closers registered by the helpers; run after every test so no server outlives its test. */
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  const pending = cleanups.splice(0);
  await Promise.all(pending.map((cleanup) => cleanup()));
});

/** A running stripe-local with an SDK client pointed at it. */
export interface LocalStripe {
  local: StripeLocal;
  stripe: Stripe;
  url: string;
  port: number;
}

/** Starts stripe-local on a free port and a real `stripe` SDK client for it; both closed after the test. */
export async function startStripeLocal(options: StripeLocalOptions = {}): Promise<LocalStripe> {
  const local = createStripeLocal(options);
  const { url, port } = await local.listen(0);
  cleanups.push(() => local.close());
  const stripe = new Stripe('sk_test_local', {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    // The SDK retries 409s and 5xx by itself; tests want to see each response exactly once.
    maxNetworkRetries: 0,
  });
  return { local, stripe, url, port };
}

/** A minimal valid session: one CAD ticket at $25.00. */
export function sessionParams(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    success_url: 'http://localhost:3000/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://localhost:3000/cancel',
    line_items: [
      {
        price_data: {
          currency: 'cad',
          unit_amount: 2500,
          product_data: { name: 'Blueprint 2026 ticket', images: ['https://example.com/blueprint.png'] },
        },
        quantity: 1,
      },
    ],
    metadata: { eventID: 'blueprint', year: '2026', email: 'ada@example.com' },
    ...overrides,
  };
}

/** One request received by a {@link WebhookReceiver}. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server standing in for a webhook endpoint. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
}

/**
 * Starts a webhook receiver. `respond` picks the status code of each request (1-based count);
 * the default acknowledges everything with 200.
 */
export async function startReceiver(
  respond: (count: number) => number = () => 200,
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = respond(received.length);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ received: status < 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhook`, received };
}

/** Pays a session through the browserless action, returning status and JSON body. */
export async function payOverHttp(
  baseUrl: string,
  sessionId: string,
  body?: Record<string, unknown>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}/checkout/${sessionId}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
