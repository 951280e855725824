import { fc, test } from '@fast-check/vitest';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { signatureTimestamp, verifyStripeWebhook } from '../src/stripe/verify-webhook.ts';

// The webhook check runs on node:crypto so the fulfilment path need not load the Stripe SDK. These
// tests hold it to the SDK: headers the SDK generates verify, and on any header the SDK's own
// check (`constructEventAsync`) and ours agree, apart from the one check we add (a timestamp too
// far in the future is refused).
const stripe = new Stripe('sk_test_signature');
const TOLERANCE = 300;

const sdkAccepts = async (payload: string, header: string, secret: string, receivedAt: number) =>
  stripe.webhooks.constructEventAsync(payload, header, secret, TOLERANCE, undefined, receivedAt).then(
    () => true,
    () => false,
  );
const weAccept = async (payload: string, header: string, secret: string, receivedAt: number) =>
  verifyStripeWebhook({ payload, header, secret, toleranceSeconds: TOLERANCE, receivedAt }).then(
    () => true,
    () => false,
  );

const event = fc
  .record({
    id: fc.string({ minLength: 1, maxLength: 30 }),
    amount: fc.integer(),
    note: fc.string({ unit: 'binary', maxLength: 40 }),
  })
  .map((e) => JSON.stringify({ object: 'event', type: 'checkout.session.completed', ...e }));
const secret = fc.string({ minLength: 1, maxLength: 40 }).map((s) => `whsec_${s}`);
const now = fc.integer({ min: 1_600_000_000, max: 2_000_000_000 });

describe('webhook signatures on node:crypto, against the stripe SDK', () => {
  test.prop([event, secret, now, fc.integer({ min: -TOLERANCE, max: TOLERANCE })])(
    "accepts every header the SDK's generateTestHeaderString makes within the tolerance, and returns the event",
    async (payload, key, nowSeconds, skew) => {
      const header = stripe.webhooks.generateTestHeaderString({
        payload,
        secret: key,
        timestamp: nowSeconds + skew,
      });
      const parsed = await verifyStripeWebhook({
        payload,
        header,
        secret: key,
        toleranceSeconds: TOLERANCE,
        receivedAt: nowSeconds * 1000,
      });
      expect(parsed).toEqual(JSON.parse(payload));
      expect(await sdkAccepts(payload, header, key, nowSeconds * 1000)).toBe(true);
    },
  );

  test.prop([event, secret, secret, now])(
    'refuses another secret, a changed body and a stale timestamp, as the SDK does',
    async (payload, key, other, nowSeconds) => {
      const header = stripe.webhooks.generateTestHeaderString({
        payload,
        secret: key,
        timestamp: nowSeconds,
      });
      const at = nowSeconds * 1000;
      if (other !== key) {
        expect(await weAccept(payload, header, other, at)).toBe(false);
        expect(await sdkAccepts(payload, header, other, at)).toBe(false);
      }
      expect(await weAccept(`${payload} `, header, key, at)).toBe(false);
      expect(await sdkAccepts(`${payload} `, header, key, at)).toBe(false);
      const late = at + (TOLERANCE + 1) * 1000;
      expect(await weAccept(payload, header, key, late)).toBe(false);
      expect(await sdkAccepts(payload, header, key, late)).toBe(false);
    },
  );

  // Headers near Stripe's: entries reordered, repeated, dropped, other schemes, spaces, junk.
  const near = fc.array(
    fc.oneof(
      fc.constantFrom('t', 't+1', ' t', 't0', 'tbad', 'v1good', 'v1zero', 'v0', 'v1empty'),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 5 },
  );
  const headerOf = (parts: string[], payload: string, key: string, t: number) => {
    const good = stripe.webhooks
      .generateTestHeaderString({ payload, secret: key, timestamp: t })
      .split(',')[1];
    const entries: Record<string, string> = {
      t: `t=${t}`,
      't+1': `t=${t + 1}`,
      ' t': ` t=${t}`,
      t0: `t=0${t}`,
      tbad: 't=abc',
      v1good: good as string,
      v1zero: `v1=${'0'.repeat(64)}`,
      v0: `v0=${'a'.repeat(64)}`,
      v1empty: 'v1=',
    };
    return parts.map((part) => entries[part] ?? part).join(',');
  };

  test.prop([event, secret, now, near])(
    "agrees with the SDK on headers near the real one: the SDK's verdict, plus a clean t= not ahead of the tolerance",
    async (payload, key, t, parts) => {
      const header = headerOf(parts, payload, key, t);
      const sdk = await sdkAccepts(payload, header, key, t * 1000);
      const signedAt = signatureTimestamp(header);
      const expected = sdk && signedAt !== undefined && signedAt - t <= TOLERANCE;
      expect(await weAccept(payload, header, key, t * 1000)).toBe(expected);
    },
  );

  it('refuses a header with an empty v1 entry even beside a matching one, as the SDK does (found by the property above)', async () => {
    const payload = JSON.stringify({ id: 'evt_empty', object: 'event' });
    const t = 1_600_000_000;
    const good = stripe.webhooks
      .generateTestHeaderString({ payload, secret: 'whsec_x', timestamp: t })
      .split(',')[1];
    const header = `${good},v1=,t=${t}`;
    expect(await sdkAccepts(payload, header, 'whsec_x', t * 1000)).toBe(false);
    expect(await weAccept(payload, header, 'whsec_x', t * 1000)).toBe(false);
  });

  it('accepts a header with several v1 signatures when one matches (Stripe signs with each active secret)', async () => {
    const payload = JSON.stringify({ id: 'evt_roll', object: 'event' });
    const t = 1_700_000_000;
    const current = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_new', timestamp: t });
    const header = `${current},v1=${'f'.repeat(64)}`;
    expect(await weAccept(payload, header, 'whsec_new', t * 1000)).toBe(true);
    expect(await sdkAccepts(payload, header, 'whsec_new', t * 1000)).toBe(true);
  });

  it('refuses a timestamp further ahead than the tolerance, which the SDK alone would accept', async () => {
    const payload = JSON.stringify({ id: 'evt_future', object: 'event' });
    const t = 1_700_000_000;
    const header = stripe.webhooks.generateTestHeaderString({
      payload,
      secret: 'whsec_k',
      timestamp: t + 3_600,
    });
    expect(await sdkAccepts(payload, header, 'whsec_k', t * 1000)).toBe(true);
    await expect(
      verifyStripeWebhook({
        payload,
        header,
        secret: 'whsec_k',
        toleranceSeconds: TOLERANCE,
        receivedAt: t * 1000,
      }),
    ).rejects.toThrow(/future/);
  });

  it('refuses an empty body, an empty header, a blank secret and a header without v1 signatures', async () => {
    const t = 1_700_000_000;
    const payload = '{"id":"evt_1"}';
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: '   ', timestamp: t });
    const at = t * 1000;
    expect(await weAccept('', header, 'whsec_k', at)).toBe(false);
    expect(await weAccept(payload, '', 'whsec_k', at)).toBe(false);
    expect(await weAccept(payload, header, '   ', at)).toBe(false);
    expect(await sdkAccepts(payload, header, '   ', at)).toBe(false);
    expect(await weAccept(payload, `t=${t},v0=abc`, 'whsec_k', at)).toBe(false);
  });
});
