import { describe, expect, test } from 'vitest';
import { checkoutMetadata } from '../src/checkout/metadata.ts';
import { translateStripeEvent } from '../src/checkout/translate.ts';

const metadata = checkoutMetadata({
  kind: 'registration',
  email: 'ada@ubc.ca',
  eventID: 'blueprint',
  year: 2026,
  attempt: 1,
});
const sessionObject = (overrides: Record<string, unknown> = {}) => ({
  id: 'cs_test_1',
  object: 'checkout.session',
  status: 'complete',
  payment_status: 'paid',
  amount_subtotal: 1999,
  amount_total: 1000,
  currency: 'CAD',
  metadata,
  payment_intent: 'pi_1',
  total_details: { amount_discount: 999 },
  ...overrides,
});
const envelope = (type: string, object: Record<string, unknown>) => ({
  id: 'evt_1',
  object: 'event' as const,
  type,
  created: 1,
  data: { object },
});

describe('translateStripeEvent', () => {
  test('a paid completion becomes PAYMENT_SUCCEEDED with the discount and lower-case currency', () => {
    const t = translateStripeEvent(envelope('checkout.session.completed', sessionObject()), 2026);
    expect(t).toMatchObject({
      kind: 'session',
      reference: { kind: 'registration', eventID: 'blueprint' },
      event: {
        type: 'PAYMENT_SUCCEEDED',
        stripeEventId: 'evt_1',
        payment: {
          sessionId: 'cs_test_1',
          amountSubtotal: 1999,
          amountTotal: 1000,
          amountDiscount: 999,
          currency: 'cad',
          paymentIntent: 'pi_1',
        },
      },
    });
  });
  test('an unpaid completion is PAYMENT_PENDING; async outcomes and expiry map one to one', () => {
    expect(
      translateStripeEvent(
        envelope('checkout.session.completed', sessionObject({ payment_status: 'unpaid' })),
        2026,
      ),
    ).toMatchObject({ event: { type: 'PAYMENT_PENDING' } });
    expect(
      translateStripeEvent(envelope('checkout.session.async_payment_succeeded', sessionObject()), 2026),
    ).toMatchObject({ event: { type: 'PAYMENT_SUCCEEDED' } });
    expect(
      translateStripeEvent(envelope('checkout.session.async_payment_failed', sessionObject()), 2026),
    ).toMatchObject({ event: { type: 'PAYMENT_FAILED' } });
    expect(
      translateStripeEvent(
        envelope('checkout.session.expired', sessionObject({ status: 'expired', payment_status: 'unpaid' })),
        2026,
      ),
    ).toMatchObject({ event: { type: 'CHECKOUT_EXPIRED' } });
  });
  test('charge.refunded carries cumulative and captured amounts', () => {
    const t = translateStripeEvent(
      envelope('charge.refunded', {
        id: 'ch_1',
        object: 'charge',
        payment_intent: { id: 'pi_1' },
        amount: 1999,
        amount_captured: 1999,
        amount_refunded: 500,
        currency: 'cad',
        metadata,
      }),
      2026,
    );
    expect(t).toMatchObject({
      kind: 'refund',
      paymentIntent: 'pi_1',
      event: { type: 'CHARGE_REFUNDED', amountRefunded: 500, amountCaptured: 1999 },
    });
  });
  test('other types are ignored and malformed objects are invalid', () => {
    expect(translateStripeEvent(envelope('invoice.paid', {}), 2026).kind).toBe('ignored');
    expect(translateStripeEvent(envelope('checkout.session.completed', { id: 'cs_1' }), 2026).kind).toBe(
      'invalid',
    );
    expect(
      translateStripeEvent(envelope('checkout.session.completed', sessionObject({ metadata: {} })), 2026),
    ).toMatchObject({ kind: 'session', reference: undefined });
  });
});
