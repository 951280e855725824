import type { CheckoutSession, CheckoutSessionStatus, CreateCheckoutInput } from '@biztech/payments-core';
import type { StripeGateway } from '../../src/index.ts';

/** An in-memory gateway for handler unit tests: webhooks are "verified" when the header says `ok`. */
export interface FakeGateway extends StripeGateway {
  created: CreateCheckoutInput[];
  expired: string[];
  refunds: Array<{ paymentIntent: string; amount?: number; idempotencyKey: string }>;
  /** What `listEvents` answers. */
  events: unknown[];
}

export function fakeGateway(): FakeGateway {
  let n = 0;
  const gateway: FakeGateway = {
    created: [],
    expired: [],
    refunds: [],
    events: [],
    async createCheckout(input): Promise<CheckoutSession> {
      gateway.created.push(input);
      n += 1;
      return {
        id: `cs_fake_${n}`,
        url: `https://pay.example/cs_fake_${n}`,
        expiresAt: input.expiresAt,
        amount: input.amount,
        currency: input.currency,
      };
    },
    async retrieveCheckout(): Promise<CheckoutSessionStatus | undefined> {
      return undefined;
    },
    async findCheckoutByPaymentIntent() {
      return undefined;
    },
    async expireCheckout(sessionId) {
      gateway.expired.push(sessionId);
    },
    async listEvents() {
      return gateway.events;
    },
    async refund(input) {
      gateway.refunds.push(input);
      return { id: `re_fake_${gateway.refunds.length}` };
    },
    async verifyWebhook({ payload, header }) {
      if (header !== 'ok') throw new Error('bad signature');
      return JSON.parse(payload);
    },
  };
  return gateway;
}
