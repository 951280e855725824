import { describe, expect, test } from 'vitest';
import {
  buildMetadata,
  checkoutMetadata,
  clientReferenceId,
  parseCheckoutMetadata,
} from '../src/checkout/metadata.ts';
import { checkoutIdempotencyKey } from '../src/checkout/session-params.ts';
import { MetadataLimitError } from '../src/errors.ts';

describe('buildMetadata enforces Stripe limits', () => {
  test('50 keys pass, 51 throw', () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    expect(Object.keys(buildMetadata(fifty))).toHaveLength(50);
    expect(() => buildMetadata({ ...fifty, extra: 'v' })).toThrow(MetadataLimitError);
  });
  test('keys over 40 characters and values over 500 characters throw', () => {
    expect(buildMetadata({ ['k'.repeat(40)]: 'v'.repeat(500) })).toBeDefined();
    expect(() => buildMetadata({ ['k'.repeat(41)]: 'v' })).toThrow(MetadataLimitError);
    expect(() => buildMetadata({ k: 'v'.repeat(501) })).toThrow(/500/);
    expect(() => buildMetadata({ 'a[b]': 'v' })).toThrow(MetadataLimitError);
  });
  test('undefined values are dropped and the rest become strings', () => {
    expect(buildMetadata({ a: 1, b: true, c: undefined })).toEqual({ a: '1', b: 'true' });
  });
});

describe('checkout metadata carries identifiers only', () => {
  const reg = {
    kind: 'registration' as const,
    email: 'ada@ubc.ca',
    eventID: 'blueprint',
    year: 2026,
    attempt: 2,
  };
  const mem = {
    kind: 'membership' as const,
    email: 'ada@ubc.ca',
    membershipYear: 2026,
    paymentType: 'UserMember' as const,
    attempt: 1,
  };
  test('round trip for registrations and memberships', () => {
    expect(checkoutMetadata(reg)).toEqual({
      paymentType: 'Event',
      email: 'ada@ubc.ca',
      eventID: 'blueprint',
      year: '2026',
      attempt: '2',
    });
    expect(parseCheckoutMetadata(checkoutMetadata(reg), 2026)).toEqual(reg);
    expect(parseCheckoutMetadata(checkoutMetadata(mem), 2030)).toEqual(mem);
  });
  test("today's metadata (no attempt, no membership year, upper-case email) still parses", () => {
    expect(parseCheckoutMetadata({ paymentType: 'Member', email: 'Ada@UBC.ca', fname: 'Ada' }, 2026)).toEqual(
      {
        kind: 'membership',
        email: 'ada@ubc.ca',
        paymentType: 'Member',
        membershipYear: 2026,
        attempt: 0,
      },
    );
    expect(parseCheckoutMetadata({ paymentType: 'Other' }, 2026)).toBeUndefined();
    expect(parseCheckoutMetadata(null, 2026)).toBeUndefined();
  });
  test('client reference and idempotency key are stable per record and attempt', () => {
    expect(clientReferenceId(reg)).toBe('registration:ada@ubc.ca:blueprint:2026');
    expect(checkoutIdempotencyKey(reg)).toBe('checkout:registration:ada@ubc.ca:blueprint:2026:2');
    expect(checkoutIdempotencyKey({ ...reg, attempt: 3 })).not.toBe(checkoutIdempotencyKey(reg));
  });
});
