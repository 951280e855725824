/** Currencies printed with a `$` in front (BizTech charges in `cad`; the others share the sign). */
const DOLLAR_CURRENCIES = new Set(['cad', 'usd', 'aud', 'nzd']);

/**
 * Makes a value safe for one line of a subject or a text body: control characters (a CR/LF in a
 * subject would start a new mail header) become spaces.
 */
export function oneLine(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Integer cents as people read them, the same on every machine (no `Intl`, no locale):
 * `formatMoney(2500, 'cad')` is `$25.00 CAD`, `formatMoney(123456, 'eur')` is `1,234.56 EUR`.
 */
export function formatMoney(amountCents: number, currency: string): string {
  const code = currency.toUpperCase();
  const whole = Math.floor(amountCents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (amountCents % 100).toString().padStart(2, '0');
  const sign = DOLLAR_CURRENCIES.has(currency.toLowerCase()) ? '$' : '';
  return `${sign}${whole}.${cents} ${code}`;
}

/**
 * Epoch ms as an ISO-like UTC time to the minute, `2026-12-08 13:00 UTC`, the same on every machine.
 * Seconds are cut, never rounded up, so a deadline is never printed later than it is.
 */
export function formatUtcMinute(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number, width = 2) => n.toString().padStart(width, '0');
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}
