import type { PaymentsLogger } from '@biztech/payments-http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type LocalStack, startLocalStack } from '../src/local-stack.ts';
import { testAccounts } from './support/accounts.ts';

const silentLogger: PaymentsLogger = { info: () => {}, warn: () => {}, error: () => {} };

let stack: LocalStack;
beforeAll(async () => {
  // Every webhook is dropped: only the reconciler (every second here) can learn what was paid.
  stack = await startLocalStack({
    port: 0,
    stripePort: 0,
    dynamoPort: 0,
    cognitoPort: 0,
    env: {
      TABLE_SUFFIX: 'Dropped',
      STRIPE_LOCAL_WEBHOOK_DROP: '1',
      RECONCILE_INTERVAL_S: '1',
      OUTBOX_POLL_MS: '200',
    },
    logger: silentLogger,
  });
}, 120_000);
afterAll(() => stack?.stop());

const post = (path: string, body?: unknown) =>
  fetch(`${stack.apiUrl}${path}`, {
    method: 'POST',
    // The object answer of POST /payments (today's default is the bare checkout URL).
    headers: { 'content-type': 'application/json', prefer: 'return=representation' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** Polls until `check` holds (the reconciler runs on its own timer); the cap only bounds a broken run. */
async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 300 && !check(value); i++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

test('with every webhook dropped, a paid registration is registered by the reconciler and its confirmation mailed', async () => {
  const email = `dropped.${Date.now()}@ubc.ca`;
  await post('/registrations', {
    email,
    fname: 'Ada',
    eventID: 'blueprint',
    year: 2026,
    registrationStatus: 'registered',
  });
  const paid = (await (
    await post('/payments', { paymentType: 'Event', email, fname: 'Ada', eventID: 'blueprint', year: 2026 })
  ).json()) as { sessionId: string };
  stack.stripeLocal?.pay(paid.sessionId, {});
  await stack.stripeLocal?.whenIdle();
  // The registration is read as its owner, with their ID token.
  const accounts = testAccounts(stack);
  await accounts.create(email);
  const authorization = `Bearer ${await accounts.idToken(email)}`;
  accounts.close();
  const status = () =>
    fetch(`${stack.apiUrl}/registrations/${encodeURIComponent(email)}/blueprint/2026`, {
      headers: { authorization },
    })
      .then((r) => r.json() as Promise<{ registrationStatus?: string }>)
      .then((b) => b.registrationStatus);
  expect(await eventually(status, (s) => s === 'registered')).toBe('registered');

  const mail = await eventually(
    async () => (await stack.ses?.readMail()) ?? [],
    (all) => all.some((m) => m.to.includes(email)),
  );
  expect(mail.find((m) => m.to.includes(email))?.subject).toBe('You are registered: Blueprint');

  // `npm run reconcile` asks the running stack for one pass: the payment is a duplicate by now.
  const report = (await (await post('/demo/reconcile')).json()) as Record<string, number>;
  expect(report).toMatchObject({ applied: 0, failed: 0 });
  expect(report.examined).toBeGreaterThanOrEqual(1);
});
