import { InvalidPriceError } from './errors.ts';

/** The only currency BizTech charges in, as Stripe spells it (lower-case ISO code). */
export const CURRENCY = 'cad' as const;

/** A lower-case ISO currency code as Stripe returns it. */
export type Currency = string;

/**
 * Converts a dollar price as stored in `biztechEvents.pricing` (may be fractional, e.g. 19.99)
 * to integer cents. `19.99 * 100` is `1998.9999999999998` in floating point, so the product is
 * first cut to 12 significant digits (well beyond any price) and then rounded half away from zero.
 *
 * @throws InvalidPriceError for negative, non-finite or sub-cent prices (e.g. 1.005 is allowed and
 *   rounds to 101; 0.001 is not a price and throws).
 * @example dollarsToCents(19.99) // 1999
 */
export function dollarsToCents(dollars: number): number {
  if (typeof dollars !== 'number' || !Number.isFinite(dollars) || dollars < 0) {
    throw new InvalidPriceError(
      `price must be a finite, non-negative number of dollars, got ${String(dollars)}`,
    );
  }
  const cents = Math.round(Number.parseFloat((dollars * 100).toPrecision(12)));
  if (cents === 0 && dollars > 0) throw new InvalidPriceError(`price ${dollars} is less than one cent`);
  if (!Number.isSafeInteger(cents)) throw new InvalidPriceError(`price ${dollars} is too large`);
  return cents;
}
