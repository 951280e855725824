import { formatAmount } from './money.js';
import { amountTotal, type SessionRecord, successRedirect } from './sessions.js';

/** What the hosted checkout page shows besides the session itself. */
export interface CheckoutPageOptions {
  /** Pre-ticks the "delayed payment method" box, mirroring the server's `asyncPayments` option. */
  asyncPayments: boolean;
  /** An error from the previous attempt (unknown promotion code, declined card), shown as an alert. */
  error?: string | null;
  /** The promotion code the customer typed, kept in the field after an error. */
  promotionCode?: string | null;
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0; background: #f6f8fa; color: #1a1a1a; }
  main { max-width: 32rem; margin: 2rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
  .banner { background: #fff4d6; border: 1px solid #e0b84c; padding: .5rem .75rem; border-radius: 4px; font-size: .9rem; }
  .item { display: flex; gap: 1rem; align-items: center; margin: 1rem 0; }
  .item img { width: 64px; height: 64px; object-fit: cover; border-radius: 4px; }
  dl { display: grid; grid-template-columns: 1fr auto; gap: .25rem 1rem; }
  dd { margin: 0; text-align: right; }
  .total { font-weight: 700; font-size: 1.2rem; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input[type=text] { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
  fieldset { margin-top: 1rem; border: 1px solid #ccc; border-radius: 4px; }
  fieldset label { display: inline; font-weight: 400; margin: 0; }
  .actions { display: flex; gap: 1rem; margin-top: 1.5rem; }
  button { font-size: 1rem; padding: .6rem 1.5rem; border-radius: 4px; border: 1px solid #555; cursor: pointer; background: #fff; }
  button.primary { background: #4f46e5; color: #fff; border-color: #4f46e5; }
  button:focus-visible, input:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
  [role=alert] { color: #8a1c1c; background: #fde8e8; padding: .5rem .75rem; border-radius: 4px; }
  .hint { font-size: .9rem; color: #555; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main aria-labelledby="page-title">
<p class="banner">Test mode: stripe-local, a local stand-in for Stripe Checkout. No real money moves.</p>
${body}
</main>
</body>
</html>
`;
}

function itemsHtml(session: SessionRecord): string {
  return session.lineItems
    .map((item) => {
      const image = item.images[0]
        ? `<img src="${escapeHtml(item.images[0])}" alt="${escapeHtml(item.name)}">`
        : '';
      const quantity = item.quantity > 1 ? ` × ${item.quantity}` : '';
      const description = item.description
        ? `<br><span class="hint">${escapeHtml(item.description)}</span>`
        : '';
      return `<li class="item">${image}<span><strong>${escapeHtml(item.name)}</strong>${quantity}${description}<br>${escapeHtml(
        formatAmount(item.unitAmount * item.quantity, item.currency),
      )}</span></li>`;
    })
    .join('\n');
}

function summaryHtml(session: SessionRecord): string {
  const money = (amount: number) => escapeHtml(formatAmount(amount, session.currency));
  const discount =
    session.amountDiscount > 0
      ? `<dt>Discount${session.promotion ? ` (${escapeHtml(session.promotion.code)})` : ''}</dt><dd>−${money(session.amountDiscount)}</dd>`
      : '';
  return `<dl>
<dt>Subtotal</dt><dd>${money(session.amountSubtotal)}</dd>
${discount}
<dt class="total">Total</dt><dd class="total">${money(amountTotal(session))}</dd>
</dl>`;
}

function closedHtml(session: SessionRecord): string {
  if (session.status === 'expired') {
    return `<p role="status"><strong>This checkout session has expired.</strong> Nothing was charged. Go back to the site you came from to start again.</p>`;
  }
  const paid =
    session.paymentStatus === 'unpaid'
      ? 'Your payment is processing.'
      : 'This checkout session is complete and has been paid.';
  return `<p role="status"><strong>${paid}</strong></p>
<p><a href="${escapeHtml(successRedirect(session))}">Return to the merchant</a></p>`;
}

function openHtml(session: SessionRecord, options: CheckoutPageOptions): string {
  const id = encodeURIComponent(session.id);
  const allowCodes = session.allowPromotionCodes === true;
  const code = escapeHtml(options.promotionCode ?? '');
  const codeField = allowCodes
    ? `<label for="promotionCode">Promotion code</label>
<input type="text" id="promotionCode" name="promotionCode" value="${code}" autocomplete="off" autocapitalize="characters" aria-describedby="promotion-hint">
<p id="promotion-hint" class="hint">Optional. The discount is applied when you pay.</p>`
    : `<label for="promotionCode">Promotion code</label>
<input type="text" id="promotionCode" name="promotionCode" disabled aria-describedby="promotion-hint">
<p id="promotion-hint" class="hint">Promotion codes are not accepted for this purchase.</p>`;
  const cancel = session.cancelUrl
    ? `<form method="post" action="/checkout/${id}/cancel"><button type="submit">Cancel</button></form>`
    : '';
  return `<form method="post" action="/checkout/${id}/pay" id="pay-form">
${codeField}
<fieldset>
<legend>Test options</legend>
<input type="checkbox" id="fail" name="fail" value="true"> <label for="fail">Simulate a failed payment</label><br>
<input type="checkbox" id="async" name="async" value="true"${options.asyncPayments ? ' checked' : ''}> <label for="async">Use a delayed payment method (settles after checkout)</label>
</fieldset>
</form>
<div class="actions">
<button type="submit" form="pay-form" class="primary">Pay</button>
${cancel}
</div>`;
}

/**
 * The hosted checkout page of a session: items with image and price, totals, a promotion-code field,
 * and Pay and Cancel buttons posting to `/checkout/{id}/pay` and `/checkout/{id}/cancel`. A session that is
 * no longer open shows a plain message instead of the buttons.
 */
export function renderCheckoutPage(session: SessionRecord, options: CheckoutPageOptions): string {
  const title = session.lineItems[0]?.name ?? 'Checkout';
  const error = options.error ? `<p role="alert">${escapeHtml(options.error)}</p>` : '';
  const email = session.customerEmail
    ? `<p class="hint">Paying as ${escapeHtml(session.customerEmail)}</p>`
    : '';
  const body = `<h1 id="page-title">Checkout</h1>
${email}
<ul aria-label="Items" style="list-style:none;padding:0">
${itemsHtml(session)}
</ul>
${summaryHtml(session)}
${error}
${session.status === 'open' ? openHtml(session, options) : closedHtml(session)}`;
  return layout(`${title} – Checkout`, body);
}

/** The page for an unknown session id. */
export function renderNotFoundPage(sessionId: string): string {
  return layout(
    'Checkout not found',
    `<h1 id="page-title">Checkout not found</h1>
<p role="status">There is no checkout session <code>${escapeHtml(sessionId)}</code> on this server. Sessions live in memory and are lost when stripe-local restarts.</p>`,
  );
}
