import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_AWS } from '@biztech/dev-services';
import { resolveTables } from '@biztech/payments-aws';
import Stripe from 'stripe';
import { expect } from 'vitest';
import type { LocalStack } from '../../src/local-stack.ts';

/**
 * What the browser tests set up before a person acts on the page: registrations and payments made
 * through the public API and the local Stripe server (as other people would have made them), and
 * an organiser's capacity change written to the events table (another service edits events).
 */
export function prepare(stack: LocalStack) {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method: 'POST',
      // The object answer of POST /payments (today's default is the bare checkout URL).
      headers: { 'content-type': 'application/json', prefer: 'return=representation' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const local = () => {
    if (!stack.stripeLocal) throw new Error('these tests need the stack’s own Stripe server');
    return stack.stripeLocal;
  };
  const url = new URL(stack.stripeUrl ?? 'http://127.0.0.1');
  const stripe = new Stripe('sk_test_local', {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
  });

  async function register(email: string, eventID: string) {
    const answer = await post('/registrations', {
      email,
      eventID,
      year: 2026,
      fname: 'Ada',
      registrationStatus: 'incomplete',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body;
  }

  return {
    stripe,
    register,
    /**
     * Registers and pays at the local Stripe server. With `webhooks: false` no webhook reaches the
     * API (an endpoint that was down): the payment is only in Stripe's event list.
     */
    async paid(email: string, eventID: string, options: { webhooks?: boolean } = {}) {
      await register(email, eventID);
      const checkout = await post('/payments', {
        paymentType: 'Event',
        email,
        eventID,
        year: 2026,
        fname: 'Ada',
      });
      expect(checkout.status, JSON.stringify(checkout.body)).toBe(200);
      const sessionId = String(checkout.body.sessionId);
      const endpoints = local().webhookEndpoints();
      if (options.webhooks === false) local().setWebhookEndpoints([]);
      try {
        local().pay(sessionId);
        await local().whenIdle();
      } finally {
        local().setWebhookEndpoints(endpoints);
      }
      return sessionId;
    },
    /** The organiser gives an event more seats (BizTech's events service writes `capac`). */
    async setCapacity(eventID: string, capac: number) {
      const client = new DynamoDBClient({ endpoint: stack.dynamoEndpoint, ...LOCAL_AWS });
      try {
        await DynamoDBDocumentClient.from(client).send(
          new UpdateCommand({
            TableName: resolveTables({ tableSuffix: stack.tableSuffix }).events,
            Key: { id: eventID, year: 2026 },
            UpdateExpression: 'SET capac = :c',
            ExpressionAttributeValues: { ':c': capac },
          }),
        );
      } finally {
        client.destroy();
      }
    },
    /** The amounts Stripe refunded on a checkout session's payment. */
    async refundsOf(sessionId: string) {
      const session = await stripe.checkout.sessions.retrieve(sessionId);
      const refunds = await stripe.refunds.list({ payment_intent: String(session.payment_intent) });
      return refunds.data.map((r) => r.amount);
    },
  };
}
