/**
 * Formats an amount in minor units for people, e.g. `2500` CAD → `$25.00`.
 *
 * The number of decimals comes from the currency itself (JPY has none), so amounts are never
 * shown a hundred times too large or small.
 */
export function formatAmount(amountMinor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-CA', { style: 'currency', currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}
