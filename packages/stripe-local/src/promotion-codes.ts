import { newId } from './ids.js';

/** A promotion code customers can type on the hosted checkout page. */
export interface PromotionCodeDefinition {
  /** What the customer types; matched case-insensitively, as Stripe does. */
  code: string;
  /** Percentage off the subtotal, in (0, 100]. Give either this or `amountOff`. */
  percentOff?: number;
  /** Fixed amount off in the currency's minor unit (cents). Requires `currency`. */
  amountOff?: number;
  /** Currency of `amountOff`; such a code applies only to sessions in that currency. */
  currency?: string;
}

/** The codes seeded when no `promotionCodes` option is given. */
export const DEFAULT_PROMOTION_CODES: readonly PromotionCodeDefinition[] = [
  { code: 'HALFOFF', percentOff: 50 },
  { code: 'FREE100', percentOff: 100 },
];

/** A validated promotion code with the ids Stripe would give its promotion code and coupon. */
export interface PromotionCode {
  /** `promo_...` */
  id: string;
  /** The coupon behind the code, as Stripe models it. */
  couponId: string;
  code: string;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
}

function validate(definition: PromotionCodeDefinition): PromotionCode {
  const { code, percentOff, amountOff, currency } = definition;
  if (!code || /\s/.test(code))
    throw new TypeError(`Promotion code ${JSON.stringify(code)} must be a non-empty word.`);
  if ((percentOff === undefined) === (amountOff === undefined)) {
    throw new TypeError(`Promotion code ${code} needs exactly one of percentOff or amountOff.`);
  }
  if (percentOff !== undefined && !(percentOff > 0 && percentOff <= 100)) {
    throw new TypeError(`Promotion code ${code}: percentOff must be in (0, 100].`);
  }
  if (amountOff !== undefined && !(Number.isInteger(amountOff) && amountOff > 0 && currency)) {
    throw new TypeError(`Promotion code ${code}: amountOff must be a positive integer with a currency.`);
  }
  return {
    id: newId('promo_'),
    couponId: newId('', 8),
    code,
    percentOff: percentOff ?? null,
    amountOff: amountOff ?? null,
    currency: currency?.toLowerCase() ?? null,
  };
}

/** The set of promotion codes a server accepts. */
export class PromotionCodes {
  readonly #byCode = new Map<string, PromotionCode>();

  /** @throws TypeError when a definition is malformed or a code is defined twice. */
  constructor(definitions: readonly PromotionCodeDefinition[]) {
    for (const definition of definitions) {
      const promotion = validate(definition);
      const key = promotion.code.toUpperCase();
      if (this.#byCode.has(key)) throw new TypeError(`Promotion code ${promotion.code} is defined twice.`);
      this.#byCode.set(key, promotion);
    }
  }

  /** Looks a code up, ignoring case; `undefined` when unknown. */
  find(code: string): PromotionCode | undefined {
    return this.#byCode.get(code.trim().toUpperCase());
  }

  /** Every code, for the README-style listing on start-up and for inspection in tests. */
  list(): PromotionCode[] {
    return [...this.#byCode.values()];
  }
}

/**
 * The discount a promotion gives on a subtotal, in minor units, never more than the subtotal.
 * Percentages round to the nearest cent, as Stripe's coupons do. An amount-off code in another
 * currency gives nothing; {@link promotionAppliesTo} says so up front.
 */
export function discountAmount(promotion: PromotionCode, subtotal: number, currency: string): number {
  if (promotion.percentOff !== null)
    return Math.min(subtotal, Math.round((subtotal * promotion.percentOff) / 100));
  if (promotion.amountOff !== null && promotion.currency === currency)
    return Math.min(subtotal, promotion.amountOff);
  return 0;
}

/** Whether a promotion can be used on a session in `currency`. */
export function promotionAppliesTo(promotion: PromotionCode, currency: string): boolean {
  return promotion.percentOff !== null || promotion.currency === currency;
}
