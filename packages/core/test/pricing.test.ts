import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { InvalidPriceError } from '../src/errors.ts';
import { dollarsToCents } from '../src/money.ts';
import { eventPriceCents, membershipPriceCents } from '../src/pricing.ts';

describe('dollarsToCents', () => {
  test('rounds float artefacts instead of truncating them', () => {
    expect(19.99 * 100).not.toBe(1999); // the defect: a bare * 100
    expect(dollarsToCents(19.99)).toBe(1999);
    expect(dollarsToCents(0.29)).toBe(29);
    expect(dollarsToCents(1.005)).toBe(101);
    expect(dollarsToCents(0)).toBe(0);
    expect(dollarsToCents(15)).toBe(1500);
  });

  test.prop([fc.integer({ min: 0, max: 100_000_000 })])('any whole-cent price converts exactly', (cents) => {
    expect(dollarsToCents(cents / 100)).toBe(cents);
  });

  test('refuses prices that are not prices', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 0.001, '5' as unknown as number]) {
      expect(() => dollarsToCents(bad)).toThrow(InvalidPriceError);
    }
  });
});

describe('eventPriceCents', () => {
  const pricing = { members: 10, nonMembers: 19.99 };
  test('members pay the member price, others the non-member price', () => {
    expect(eventPriceCents(pricing, true)).toBe(1000);
    expect(eventPriceCents(pricing, false)).toBe(1999);
  });
  test('no pricing or zero means a free event; a missing member price falls back', () => {
    expect(eventPriceCents(undefined, false)).toBe(0);
    expect(eventPriceCents({ members: 0, nonMembers: 0 }, true)).toBe(0);
    expect(eventPriceCents({ nonMembers: 12.5 }, true)).toBe(1250);
  });
});

describe('membershipPriceCents', () => {
  test('1200 for UBC students, 1500 for everyone else', () => {
    expect(membershipPriceCents('UBC')).toBe(1200);
    expect(membershipPriceCents(' ubc ')).toBe(1200);
    expect(membershipPriceCents('University')).toBe(1500);
    expect(membershipPriceCents(undefined)).toBe(1500);
  });
});
