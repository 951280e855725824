import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@biztech/payments-http';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type LocalStack, startLocalStack } from '../src/local-stack.ts';
import { signInOnPage, testAccounts } from './support/accounts.ts';

/** Where each case saves a screenshot of its final page (named in the README). */
const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let stack: LocalStack;
let browser: Browser;
let page: Page;
let accounts: ReturnType<typeof testAccounts>;
let n = 0;
const uniqueEmail = (label: string) => `${label}.${Date.now()}.${++n}@ubc.ca`;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  stack = await startLocalStack({
    port: 0,
    stripePort: 0,
    dynamoPort: 0,
    cognitoPort: 0,
    env: { TABLE_SUFFIX: 'Browser' },
    logger: silentLogger,
  });
  accounts = testAccounts(stack);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 120_000);

afterAll(async () => {
  accounts?.close();
  await browser?.close();
  await stack?.stop();
});

beforeEach(async () => {
  const context = await browser.newContext();
  page = await context.newPage();
});

/**
 * A person with a Cognito account, signed in on the demo page: their registration and membership
 * are read with their ID token (nobody else may read them).
 */
async function signedIn(email: string) {
  await accounts.create(email);
  await signInOnPage(page, stack.apiUrl, email);
}

async function fillRegistration(email: string, event: string) {
  await page.goto(`${stack.apiUrl}/`);
  const form = page.locator('#register-form');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('First name').fill('Ada');
  await form.getByLabel('Last name').fill('Lovelace');
  await form.getByLabel('Event').selectOption(event);
  await form.getByRole('button', { name: 'Register' }).click();
}

async function onCheckoutPage(): Promise<string> {
  await page.waitForURL(/\/checkout\/cs_/);
  await page.getByRole('button', { name: 'Pay' }).waitFor();
  return new URL(page.url()).pathname.split('/').pop() as string;
}

describe('the demo page in Chromium', () => {
  test('a paid event registration, end to end', async () => {
    // Prepare + Act: signed in, register for the paid event, pay with a promotion code on the hosted page.
    const email = uniqueEmail('paid');
    await signedIn(email);
    await fillRegistration(email, 'blueprint;2026');
    await onCheckoutPage();
    await page.getByLabel('Promotion code').fill('HALFOFF');
    await page.getByRole('button', { name: 'Pay' }).click();

    // Assess: back on the success page, fulfilled, status visible.
    await page.waitForURL(/\/event\/blueprint\/2026\/register\/success\?session_id=cs_/);
    await page.getByText('Payment received. You are all set.').waitFor();
    await page.locator('#status-registration', { hasText: 'Blueprint: registered' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}paid-registration.png`, fullPage: true });
  });

  test('a membership purchase (UserMember, with a new account)', async () => {
    // Prepare
    const email = uniqueEmail('member');
    await page.goto(`${stack.apiUrl}/`);
    const form = page.locator('#membership-form');
    await form.getByLabel('UserMember (new account)').check();
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('First name').fill('Grace');
    await form.getByLabel('Last name').fill('Hopper');
    await form.getByLabel('Student number').fill('12345678');
    await form.getByLabel('Password').fill('A-long-enough-passw0rd');

    // Act
    await form.getByRole('button', { name: 'Buy membership' }).click();
    await onCheckoutPage();
    await expect(page.locator('body').textContent()).resolves.toContain('12.00');
    await page.getByRole('button', { name: 'Pay' }).click();

    // Assess
    await page.waitForURL(/session_id=cs_/);
    await page.getByText('Payment received. You are all set.').waitFor();
    // The purchase made their account (confirmed by the stack): they sign in with the password they chose.
    await signInOnPage(page, stack.apiUrl, email, 'A-long-enough-passw0rd');
    await page.locator('#status-membership', { hasText: 'member (active)' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}membership.png`, fullPage: true });
  });

  test('an expired session, then resume: a new live checkout', async () => {
    // Prepare: a checkout that expires before it is paid (the expiry webhook reaches /payments/cancel).
    const email = uniqueEmail('expired');
    await fillRegistration(email, 'blueprint;2026');
    const first = await onCheckoutPage();
    stack.stripeLocal?.expireSession(first);
    await stack.stripeLocal?.whenIdle();
    await page.reload();
    await page
      .getByText(/expired/i)
      .first()
      .waitFor();

    // Act: register again, as today's frontend does.
    await fillRegistration(email, 'blueprint;2026');

    // Assess: a different, live session.
    const second = await onCheckoutPage();
    expect(second).not.toBe(first);
    await page.screenshot({ path: `${SCREENSHOTS}resumed-checkout.png`, fullPage: true });
  });

  test('cancel returns to the form, with the registration waiting for payment', async () => {
    // Prepare
    const email = uniqueEmail('cancel');
    await signedIn(email);
    await fillRegistration(email, 'blueprint;2026');
    await onCheckoutPage();

    // Act
    await page.getByRole('button', { name: 'Cancel' }).click();

    // Assess
    await page.waitForURL(/\/event\/blueprint\/2026\/register$/);
    await page.getByText('Checkout cancelled.', { exact: false }).waitFor();
    await expect(page.locator('#register-form').isVisible()).resolves.toBe(true);
    await page.locator('#status-registration', { hasText: 'Blueprint: incomplete' }).waitFor();
    await page.getByRole('button', { name: 'Pay now' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}cancelled.png`, fullPage: true });
  });

  test('a free registration, and an application accepted by the demo admin, then paid', async () => {
    // Prepare + Act: the free event registers at once.
    const email = uniqueEmail('apply');
    await signedIn(email);
    await fillRegistration(email, 'hello-world;2026');
    await page.locator('#status-registration', { hasText: 'Hello World: registered' }).waitFor();

    // Act: apply to the application-based event; the demo admin accepts; the applicant pays.
    await fillRegistration(email, 'hello-hacks;2026');
    await page.locator('#status-registration', { hasText: 'application reviewing' }).waitFor();
    await page.getByRole('button', { name: 'Accept application' }).click();
    await page.locator('#status-registration', { hasText: 'HelloHacks: accepted' }).waitFor();
    await page.getByRole('button', { name: 'Pay now' }).click();
    await onCheckoutPage();
    await page.getByRole('button', { name: 'Pay' }).click();

    // Assess: confirmAndPay's success URL (`/register/`), fulfilled as acceptedComplete.
    await page.waitForURL(/\/event\/hello-hacks\/2026\/register\/\?session_id=cs_/);
    await page.getByText('Payment received. You are all set.').waitFor();
    await page.locator('#status-registration', { hasText: 'HelloHacks: acceptedComplete' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}application.png`, fullPage: true });
  });
});

describe('the API reference in Chromium', () => {
  test('a waitlisted person gets the released seat by email, opens the link and pays', async () => {
    // Prepare: the one seat of the Exec Dinner is held by a checkout; the next person is waitlisted.
    const holder = uniqueEmail('holder');
    const waiting = uniqueEmail('waiting');
    const api = (path: string, body: unknown) =>
      fetch(`${stack.apiUrl}${path}`, {
        method: 'POST',
        // The object answer of POST /payments (today's default is the bare checkout URL).
        headers: { 'content-type': 'application/json', prefer: 'return=representation' },
        body: JSON.stringify(body),
      });
    const dinner = { eventID: 'exec-dinner', year: 2026, fname: 'Ada' };
    for (const email of [holder, waiting]) {
      await api('/registrations', { ...dinner, email, registrationStatus: 'incomplete' });
    }
    const held = (await (
      await api('/payments', { ...dinner, paymentType: 'Event', email: holder })
    ).json()) as {
      sessionId: string;
    };
    expect((await api('/payments', { ...dinner, paymentType: 'Event', email: waiting })).status).toBe(409);

    // Act: the holder's checkout ends unpaid; the seat is offered to the waitlist by email.
    stack.stripeLocal?.expireSession(held.sessionId);
    await stack.stripeLocal?.whenIdle();
    let offerLink: string | undefined;
    for (let i = 0; i < 200 && !offerLink; i++) {
      const mail = (await stack.ses?.readMail())?.find((m) => m.to.includes(waiting));
      offerLink = mail?.text?.match(/https?:\/\/\S+\/offer\?offer=[\w-]+/)?.[0];
      if (!offerLink) await new Promise((r) => setTimeout(r, 100));
    }
    expect(offerLink, 'the offer email with its link').toBeDefined();
    await page.goto(offerLink as string);
    await onCheckoutPage();
    await page.getByRole('button', { name: 'Pay' }).click();

    // Assess: back on the success page, and the seat is theirs.
    await page.getByText('Payment received. You are all set.').waitFor();
    await accounts.create(waiting);
    const status = await fetch(
      `${stack.apiUrl}/registrations/${encodeURIComponent(waiting)}/exec-dinner/2026`,
      { headers: { authorization: `Bearer ${await accounts.idToken(waiting)}` } },
    );
    expect(((await status.json()) as { registrationStatus: string }).registrationStatus).toBe('registered');
    await page.screenshot({ path: `${SCREENSHOTS}waitlist-offer.png`, fullPage: true });
  });

  test('GET /docs shows every route from /openapi.json, with nothing loaded from outside this machine', async () => {
    // Prepare: any request that leaves the loopback interface is refused and remembered.
    const outside: string[] = [];
    await page.route(
      (url) => url.protocol.startsWith('http') && url.hostname !== '127.0.0.1',
      async (route) => {
        outside.push(route.request().url());
        await route.abort();
      },
    );

    // Act
    await page.goto(`${stack.apiUrl}/docs`);

    // Assess: the page rendered the document (its title, a route's summary, a tag), offline.
    await page.getByText('BizTech Payments API').first().waitFor();
    await page.getByText('Register for an event').first().waitFor();
    await page.getByText('Stripe webhooks').first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}api-docs.png` });
    expect(outside).toEqual([]);
  });
});
