import { dollarsToCents } from './money.ts';

/** Membership fee in cents for everyone but UBC students. */
export const MEMBERSHIP_PRICE_CENTS = 1500;
/** Membership fee in cents for UBC students ($3 off). */
export const UBC_MEMBERSHIP_PRICE_CENTS = 1200;

/** The pricing block of a `biztechEvents` item, in dollars. */
export interface EventPricing {
  members?: number | undefined;
  nonMembers?: number | undefined;
}

/**
 * Event fee in cents for one user: the member price when the user record says `isMember`,
 * otherwise the non-member price. A missing price counts as 0 (a free event). A member price
 * that is missing falls back to the non-member price, as BizTech events often set only one.
 *
 * @example eventPriceCents({ members: 10, nonMembers: 19.99 }, false) // 1999
 */
export function eventPriceCents(pricing: EventPricing | undefined, isMember: boolean): number {
  const nonMembers = pricing?.nonMembers ?? 0;
  const members = pricing?.members ?? nonMembers;
  return dollarsToCents(isMember ? members : nonMembers);
}

/**
 * Membership fee in cents: 1200 when `education` is `"UBC"` (case and spacing ignored), else 1500.
 */
export function membershipPriceCents(education: string | undefined): number {
  return education?.trim().toUpperCase() === 'UBC' ? UBC_MEMBERSHIP_PRICE_CENTS : MEMBERSHIP_PRICE_CENTS;
}
