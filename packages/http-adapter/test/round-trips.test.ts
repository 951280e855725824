import type { CallCounts } from '@biztech/payments-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPaymentBody, membershipBody, paidEvent, registrationBody, uid } from './support/fixtures.ts';
import { signatureFor } from './support/signed-event.ts';
import { type Stack, startStack, WEBHOOK_SECRET } from './support/stack.ts';

// DynamoDB round trips per request, counted on the stack's client through the whole HTTP handler
// (signature check, parse, load, step, commit): the figures the package README quotes.
let stack: Stack;
const measured: [string, CallCounts['commands']][] = [];
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  console.log(measured.map(([label, c]) => `${label.padEnd(44)} ${JSON.stringify(c)}`).join('\n'));
  await stack.close();
});

async function measure<T>(label: string, operation: () => Promise<T>) {
  const { result, counts } = await stack.calls.measure(operation);
  measured.push([label, counts.commands]);
  return { result, commands: counts.commands };
}

/** Stripe's event of `type` that mentions an id (session, payment intent), taken from stripe-local while no endpoint listens. */
async function undelivered(mentions: string, type: string, act: () => Promise<unknown> | void) {
  const endpoints = stack.local.webhookEndpoints();
  stack.local.setWebhookEndpoints([]);
  try {
    await act();
  } finally {
    stack.local.setWebhookEndpoints(endpoints);
  }
  const found = stack.local.events(type).find((e) => {
    return JSON.stringify(e.data.object).includes(mentions);
  });
  if (!found) throw new Error(`no ${type} event for ${mentions}`);
  return JSON.stringify(found);
}

const deliver = (payload: string) =>
  stack.call('POST', '/payments/webhook', payload, {
    'stripe-signature': signatureFor(
      stack.stripe,
      payload,
      WEBHOOK_SECRET,
      Math.floor(stack.clock.now() / 1000),
    ),
  });

/** A paid event with a registration and an open checkout, its session id. */
async function openCheckout() {
  const event = paidEvent();
  await stack.seedEvent(event);
  const email = `${uid('trip')}@ubc.ca`;
  const register = await measure('POST /registrations (paid event)', () =>
    stack.call('POST', '/registrations', registrationBody(email, event)),
  );
  const pay = await measure('POST /payments (Event)', () =>
    stack.call('POST', '/payments', eventPaymentBody(email, event)),
  );
  expect([register.result.status, pay.result.status]).toEqual([201, 200]);
  return { register, pay, sessionId: pay.result.body.sessionId as string };
}

describe('DynamoDB round trips through the HTTP handler', () => {
  it('a fulfilled registration webhook: 1 read + 1 transaction; its duplicate: 1 read, no write', async () => {
    // Prepare
    const { sessionId } = await openCheckout();
    const payload = await undelivered(sessionId, 'checkout.session.completed', () => {
      stack.local.pay(sessionId, {});
    });

    // Act
    const fulfil = await measure('webhook checkout.session.completed', () => deliver(payload));
    const duplicate = await measure('webhook, the same event again', () => deliver(payload));

    // Assess
    expect(fulfil.result.body.outcome).toBe('applied');
    expect(fulfil.commands).toEqual({ GetItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect(duplicate.result.body.outcome).toBe('duplicate');
    expect(duplicate.commands).toEqual({ GetItemCommand: 1 });
  });

  // A released seat is the waitlist's turn: the event's record (a different item) is read to learn
  // its capacity; with a capacity, the counter and the waitlist follow (see waitlist-offers.ts).
  it('an expired checkout: the registration read once, 1 transaction, then the event for the waitlist', async () => {
    // Prepare
    const { sessionId } = await openCheckout();
    const payload = await undelivered(sessionId, 'checkout.session.expired', async () => {
      await stack.stripe.checkout.sessions.expire(sessionId);
    });

    // Act
    const expired = await measure('webhook checkout.session.expired', () => deliver(payload));

    // Assess
    expect(expired.result.body.outcome).toBe('applied');
    expect(expired.commands).toEqual({ GetItemCommand: 2, TransactWriteItemsCommand: 1 });
  });

  it('a full refund: the registration read once, 1 transaction, then the event for the waitlist', async () => {
    // Prepare
    const { sessionId } = await openCheckout();
    await stack.pay(sessionId);
    const session = await stack.stripe.checkout.sessions.retrieve(sessionId);
    const intent = session.payment_intent as string;
    const payload = await undelivered(intent, 'charge.refunded', async () => {
      await stack.stripe.refunds.create({ payment_intent: intent });
    });

    // Act
    const refunded = await measure('webhook charge.refunded (full)', () => deliver(payload));

    // Assess
    expect(refunded.result.body.outcome).toBe('applied');
    expect(refunded.commands).toEqual({ GetItemCommand: 2, TransactWriteItemsCommand: 1 });
  });

  it('a fulfilled membership webhook: 1 read + 1 transaction', async () => {
    // Prepare
    const email = `${uid('tripm')}@ubc.ca`;
    await stack.seedUser({ id: email, fname: 'Grace', lname: 'Hopper', education: 'UBC' });
    const pay = await stack.call('POST', '/payments', membershipBody(email, 'Member'));
    const sessionId = pay.body.sessionId as string;
    const payload = await undelivered(sessionId, 'checkout.session.completed', () => {
      stack.local.pay(sessionId, {});
    });

    // Act
    const fulfil = await measure('webhook checkout.session.completed (Member)', () => deliver(payload));

    // Assess
    expect(fulfil.result.body.outcome).toBe('applied');
    expect(fulfil.commands).toEqual({ GetItemCommand: 1, TransactWriteItemsCommand: 1 });
  });

  // A new session also counts against the email's hourly bound: one conditional UpdateItem.
  it('registering and opening a checkout: the event, the registration and the user, each read once', async () => {
    // Act
    const { register, pay } = await openCheckout();

    // Assess
    expect(register.commands).toEqual({ GetItemCommand: 3, TransactWriteItemsCommand: 1 });
    expect(pay.commands).toEqual({ GetItemCommand: 3, UpdateItemCommand: 1, TransactWriteItemsCommand: 1 });
  });
});
