import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@biztech/payments-http';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { SignInAccount } from '../src/cognito-accounts.ts';
import { type LocalStack, startLocalStack } from '../src/local-stack.ts';
import { prepare } from './support/prepare.ts';

/** Where each case saves screenshots (named in the README). */
const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let stack: LocalStack;
let browser: Browser;
let page: Page;
let given: ReturnType<typeof prepare>;
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
    // No scheduled reconcile: the pass the admin runs on the page is the one that finds the late payment.
    env: { TABLE_SUFFIX: 'AdminBrowser', RECONCILE_INTERVAL_S: '0', OUTBOX_POLL_MS: '200' },
    logger: silentLogger,
  });
  given = prepare(stack);
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
  await browser?.close();
  await stack?.stop();
});

beforeEach(async () => {
  page = await (await browser.newContext()).newPage();
});

const accounts = () => {
  if (!stack.accounts) throw new Error('the stack created no cognito-local accounts');
  return stack.accounts;
};

/** Signs in on the demo page with the credentials the start banner prints. */
async function signIn(account: SignInAccount, role: '(admin)' | '(not an admin)') {
  await page.goto(`${stack.apiUrl}/`);
  const form = page.locator('#sign-in-form');
  await form.getByLabel('Email').fill(account.email);
  await form.getByLabel('Password').fill(account.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#signed-in', { hasText: `${account.email} ${role}` }).waitFor();
}

const admin = () => page.locator('#admin');
const row = (email: string) => page.locator(`#admin-registrations tr[data-email="${email}"]`);
/** Waits until the admin view shows `email` with exactly `status` (and `application`, when given). */
async function shows(email: string, status: string, application?: string) {
  await row(email)
    .locator('.status', { hasText: new RegExp(`^${status}$`) })
    .waitFor();
  if (application) {
    await row(email)
      .locator('.application', { hasText: new RegExp(`^${application}$`) })
      .waitFor();
  }
}
async function pickEvent(eventID: string) {
  await admin().getByLabel('Event').selectOption(`${eventID};2026`);
  await page.locator('#admin-seats', { hasText: 'Seats taken' }).waitFor();
}
const act = (email: string, button: string) =>
  row(email).getByRole('button', { name: button, exact: true }).click();

/** A full-page screenshot from the top (the sticky status box then sits where it belongs). */
async function snap(name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** The reconcile report on the page, as numbers. */
const reportOnPage = () =>
  page.locator('#reconcile-report').evaluate((dl) => {
    const names = [...dl.querySelectorAll('dt')].map((dt) => dt.textContent ?? '');
    const values = [...dl.querySelectorAll('dd')].map((dd) => Number(dd.textContent));
    return Object.fromEntries(names.map((name, i) => [name, values[i]]));
  });

describe('the admin view in Chromium', () => {
  test('the operator workflow: applications, check-in, cancel with refund, a reconcile pass and its queue item, promote', async () => {
    // Prepare: two applicants; paid places at Blueprint (one paid while the webhook was down); the
    // Exec Dinner's one seat paid for with a second person waitlisted, then a second seat added.
    const [ada, bob] = [uniqueEmail('ada'), uniqueEmail('bob')];
    const [guest, refundMe, late] = [uniqueEmail('guest'), uniqueEmail('refundme'), uniqueEmail('late')];
    const [holder, waiting] = [uniqueEmail('holder'), uniqueEmail('waiting')];
    await given.register(ada, 'hello-hacks');
    await given.register(bob, 'hello-hacks');
    await given.paid(guest, 'blueprint');
    const refundSession = await given.paid(refundMe, 'blueprint');
    const lateSession = await given.paid(late, 'blueprint', { webhooks: false });
    await given.paid(holder, 'exec-dinner');
    expect((await given.register(waiting, 'exec-dinner')).registrationStatus).toBe('waitlist');
    await given.setCapacity('exec-dinner', 2);

    // Act + Assess: sign in with the banner's admin credentials; list the application-based event.
    await signIn(accounts().admin, '(admin)');
    await pickEvent('hello-hacks');
    // A paid application under review is `incomplete` with application `reviewing` (today's statuses).
    await shows(ada, 'incomplete', 'reviewing');
    await shows(bob, 'incomplete', 'reviewing');
    await page.locator('#admin-seats', { hasText: 'Seats taken: 0 of 100' }).waitFor();

    // Accept one application, reject the other.
    await act(ada, 'Accept');
    await shows(ada, 'accepted', 'accepted');
    await act(bob, 'Reject');
    await shows(bob, 'rejected', 'rejected');
    await snap('admin-applications');

    // Blueprint: the payments are listed; check one guest in, cancel another with a refund.
    await pickEvent('blueprint');
    await row(guest).getByText('$19.99 CAD').waitFor();
    await act(guest, 'Check in');
    await shows(guest, 'checkedIn');
    await act(refundMe, 'Cancel and refund');
    await shows(refundMe, 'cancelled');
    await page.locator('#admin-message', { hasText: `refund $19.99 CAD (${refundSession})` }).waitFor();
    await expect.poll(() => given.refundsOf(refundSession), { timeout: 15_000 }).toEqual([1999]);

    // The late payer's place looks unpaid (the webhook never came): the admin cancels it, then a
    // reconcile pass replays Stripe's events and queues the money that now has no place.
    await shows(late, 'incomplete');
    await act(late, 'Cancel');
    await shows(late, 'cancelled');
    await page.getByRole('button', { name: 'Run a reconcile pass' }).click();
    await page.locator('#reconcile-report dt', { hasText: 'queued' }).waitFor();
    const report = await reportOnPage();
    expect(report).toMatchObject({ queued: 1, applied: 0 });
    expect(report.examined).toBeGreaterThan(0);
    const item = page.locator('#queue-items li', { hasText: late });
    await item.getByText('refund_needed').waitFor();
    await snap('admin-queue');

    // Resolve it with a refund and a note: it leaves the open queue and shows among the resolved.
    await item.getByLabel('Resolution').selectOption('refund');
    await item.getByLabel('Note').fill('paid after the place was cancelled');
    await item.getByRole('button', { name: 'Resolve' }).click();
    await item.waitFor({ state: 'detached' });
    await expect.poll(() => given.refundsOf(lateSession), { timeout: 15_000 }).toEqual([1999]);
    await admin().getByLabel('Show').selectOption('resolved');
    await page
      .locator('#queue-items li', { hasText: late })
      .getByText(`resolved: refund (“paid after the place was cancelled”) by ${accounts().admin.email}`)
      .waitFor();

    // Exec Dinner has a free seat now: the waitlisted person is promoted (a paid event: to checkout).
    await pickEvent('exec-dinner');
    await page.locator('#admin-seats', { hasText: 'Seats taken: 1 of 2' }).waitFor();
    await shows(waiting, 'waitlist');
    await act(waiting, 'Promote');
    await shows(waiting, 'incomplete');
    await snap('admin-promoted');
  });
});

describe('signed in as a non-admin in Chromium', () => {
  test('the demo user signs in, registers, and reads their own status with their ID token; no admin view', async () => {
    // Prepare: every read of their registrations is watched for the token it carries.
    const user = accounts().user;
    const reads: string[] = [];
    page.on('request', (request) => {
      const path = decodeURIComponent(new URL(request.url()).pathname);
      if (path.startsWith(`/registrations/${user.email}/`)) reads.push(request.headers().authorization ?? '');
    });

    // Act: sign in with the banner's demo-user credentials, then register for the free event.
    await signIn(user, '(not an admin)');
    const form = page.locator('#register-form');
    await expect(form.getByLabel('Email').inputValue()).resolves.toBe(user.email);
    await form.getByLabel('First name').fill('Existing');
    await form.getByLabel('Last name').fill('User');
    await form.getByLabel('Event').selectOption('hello-world;2026');
    await form.getByRole('button', { name: 'Register' }).click();

    // Assess: the status panel and their own view read it, each time with their token.
    await page.locator('#status-registration', { hasText: 'Hello World: registered' }).waitFor();
    await page.locator('#status-membership', { hasText: 'not a member' }).waitFor();
    await page.getByRole('button', { name: 'Refresh my status' }).click();
    const status = (eventID: string) => page.locator(`#my-registrations tr[data-event="${eventID}"] .status`);
    await status('hello-world')
      .filter({ hasText: /^registered$/ })
      .waitFor();
    await status('blueprint').filter({ hasText: 'not registered' }).waitFor();
    await page.locator('#my-membership', { hasText: 'Membership: not a member' }).waitFor();
    await expect(admin().isHidden()).resolves.toBe(true);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((h) => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(h))).toBe(true);
    await snap('signed-in-status');
  });

  test('a wrong password is refused by Cognito and nobody is signed in', async () => {
    await page.goto(`${stack.apiUrl}/`);
    const form = page.locator('#sign-in-form');
    await form.getByLabel('Email').fill(accounts().admin.email);
    await form.getByLabel('Password').fill('not-the-password');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#account-message.error', { hasText: 'Sign-in refused' }).waitFor();
    await expect(page.locator('#signed-in').isHidden()).resolves.toBe(true);
    await expect(admin().isHidden()).resolves.toBe(true);
  });
});

describe('confirming a free accepted application in Chromium', () => {
  test('the admin accepts the demo user’s application; the applicant signs in and confirms their place', async () => {
    // Prepare: the demo user applies to the free, application-based Case Competition.
    const user = accounts().user;
    await given.register(user.email, 'case-comp');

    // Act: the admin accepts it on the admin view, then signs out.
    await signIn(accounts().admin, '(admin)');
    await pickEvent('case-comp');
    await shows(user.email, 'registered', 'reviewing');
    await act(user.email, 'Accept');
    await shows(user.email, 'acceptedPending', 'accepted');
    await page.getByRole('button', { name: 'Sign out' }).click();

    // Act: the applicant signs in and confirms.
    await signIn(user, '(not an admin)');
    const mine = page.locator('#my-registrations tr[data-event="case-comp"]');
    await mine.locator('.status', { hasText: 'acceptedPending' }).waitFor();
    await mine.getByRole('button', { name: 'Confirm my place' }).click();

    // Assess: confirmed, the seat taken, and the button gone.
    await page
      .locator('#my-status-message', { hasText: 'Case Competition: confirmed (acceptedComplete).' })
      .waitFor();
    await mine.locator('.status', { hasText: /^acceptedComplete/ }).waitFor();
    await expect(mine.getByRole('button', { name: 'Confirm my place' }).count()).resolves.toBe(0);
    const seats = await fetch(`${stack.apiUrl}/demo/events`).then((r) => r.json());
    expect(seats.find((e: { id: string }) => e.id === 'case-comp').seatsTaken).toBe(1);
    await snap('confirmed-application');
  });
});
