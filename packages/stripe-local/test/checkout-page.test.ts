import { describe, expect, it } from 'vitest';
import { sessionParams, startStripeLocal } from './helpers.js';

async function getPage(url: string) {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), html: await response.text() };
}

function postForm(url: string, fields: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

describe('hosted checkout page', () => {
  it('shows the product, its image, the CAD amount, a promotion-code field and Pay and Cancel buttons', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const session = await stripe.checkout.sessions.create(sessionParams({ allow_promotion_codes: true }));

    // Act
    const page = await getPage(session.url as string);

    // Assess
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('Blueprint 2026 ticket');
    expect(page.html).toContain('src="https://example.com/blueprint.png" alt="Blueprint 2026 ticket"');
    expect(page.html).toContain('$25.00');
    expect(page.html).toMatch(
      /<label for="promotionCode">Promotion code<\/label>\s*<input type="text" id="promotionCode" name="promotionCode"/,
    );
    expect(page.html).toMatch(/<button type="submit" form="pay-form" class="primary">Pay<\/button>/);
    expect(page.html).toContain(
      `<form method="post" action="/checkout/${session.id}/cancel"><button type="submit">Cancel</button></form>`,
    );
    expect(page.html).toContain(`action="/checkout/${session.id}/pay"`);
  });

  it('disables the promotion-code field and hides Cancel when the session does not offer them', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const session = await stripe.checkout.sessions.create({ ...sessionParams(), cancel_url: undefined });

    // Act
    const page = await getPage(session.url as string);

    // Assess
    expect(page.html).toMatch(/id="promotionCode" name="promotionCode" disabled/);
    expect(page.html).not.toContain('>Cancel</button>');
    expect(page.html).toContain('>Pay</button>');
  });

  it('escapes product names', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const session = await stripe.checkout.sessions.create(
      sessionParams({
        line_items: [
          {
            price_data: {
              currency: 'cad',
              unit_amount: 100,
              product_data: { name: '<script>alert(1)</script>' },
            },
            quantity: 1,
          },
        ],
      }),
    );

    // Act
    const page = await getPage(session.url as string);

    // Assess
    expect(page.html).not.toContain('<script>alert(1)</script>');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows a clear message instead of the buttons once the session expired', async () => {
    // Prepare
    const { stripe, url } = await startStripeLocal();
    const session = await stripe.checkout.sessions.create(sessionParams());
    await stripe.checkout.sessions.expire(session.id);

    // Act
    const page = await getPage(`${url}/checkout/${session.id}`);

    // Assess
    expect(page.status).toBe(200);
    expect(page.html).toContain('This checkout session has expired.');
    expect(page.html).not.toContain('>Pay</button>');
    expect(page.html).not.toContain('>Cancel</button>');
  });

  it('shows that a paid session is complete, with a way back to the merchant', async () => {
    // Prepare
    const { stripe, url, local } = await startStripeLocal();
    const session = await stripe.checkout.sessions.create(sessionParams());
    local.pay(session.id);

    // Act
    const page = await getPage(`${url}/checkout/${session.id}`);

    // Assess
    expect(page.html).toContain('This checkout session is complete and has been paid.');
    expect(page.html).toContain(`href="http://localhost:3000/success?session_id=${session.id}"`);
    expect(page.html).not.toContain('>Pay</button>');
  });

  it('answers 404 with a page for an unknown session', async () => {
    // Prepare
    const { url } = await startStripeLocal();

    // Act
    const page = await getPage(`${url}/checkout/cs_test_missing`);

    // Assess
    expect(page.status).toBe(404);
    expect(page.html).toContain('Checkout not found');
  });
});

describe('hosted checkout page forms', () => {
  it('Pay redirects the browser to success_url (303) with the session id and applies the typed code', async () => {
    // Prepare
    const { stripe, url } = await startStripeLocal();
    const session = await stripe.checkout.sessions.create(sessionParams({ allow_promotion_codes: true }));

    // Act
    const response = await postForm(`${url}/checkout/${session.id}/pay`, { promotionCode: 'HALFOFF' });
    const paid = await stripe.checkout.sessions.retrieve(session.id);

    // Assess
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`http://localhost:3000/success?session_id=${session.id}`);
    expect(paid).toMatchObject({ status: 'complete', payment_status: 'paid', amount_total: 1250 });
  });

  it('shows the page again with an alert for an unknown code, keeping the session open', async () => {
    // Prepare
    const { stripe, url } = await startStripeLocal();
    const session = await stripe.checkout.sessions.create(sessionParams({ allow_promotion_codes: true }));

    // Act
    const response = await postForm(`${url}/checkout/${session.id}/pay`, { promotionCode: 'BOGUS' });
    const html = await response.text();
    const after = await stripe.checkout.sessions.retrieve(session.id);

    // Assess
    expect(response.status).toBe(400);
    expect(html).toMatch(/<p role="alert">This promotion code is invalid: BOGUS<\/p>/);
    expect(html).toContain('value="BOGUS"');
    expect(html).toContain('>Pay</button>');
    expect(after.status).toBe('open');
  });

  it('the "failed payment" box declines the card and the page says so', async () => {
    // Prepare
    const { stripe, url } = await startStripeLocal();
    const session = await stripe.checkout.sessions.create(sessionParams());

    // Act
    const response = await postForm(`${url}/checkout/${session.id}/pay`, { fail: 'true' });

    // Assess
    expect(response.status).toBe(402);
    expect(await response.text()).toContain('Your card was declined.');
  });

  it('Cancel redirects the browser to cancel_url (303)', async () => {
    // Prepare
    const { stripe, url } = await startStripeLocal();
    const session = await stripe.checkout.sessions.create(sessionParams());

    // Act
    const response = await postForm(`${url}/checkout/${session.id}/cancel`);

    // Assess
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('http://localhost:3000/cancel');
  });
});
