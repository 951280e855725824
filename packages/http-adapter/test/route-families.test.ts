import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createPaymentsFromEnv } from '../src/env/index.ts';
import { ROUTE_FAMILIES, wholeApiDeclarations } from '../src/http/route-families/whole-api.ts';
import { createPaymentsHandler } from '../src/index.ts';
import { adminAndReadRoutes } from '../src/lambda/admin.ts';
import { checkoutRoutes } from '../src/lambda/checkout.ts';
import {
  createLazyStripeGateway,
  createPaymentsFunction,
  createRouteFamilyHandler,
} from '../src/lambda/index.ts';
import { webhookRoutes } from '../src/lambda/webhooks.ts';
import { memoryConfig, memoryDeps } from './support/memory-handler.ts';

const ENV = {
  STRIPE_SECRET_KEY: 'sk_test_families',
  STRIPE_WEBHOOK_SECRET: 'whsec_families',
  CLIENT_URL: 'https://app.example/',
  COGNITO_USER_POOL_ID: 'us-west-2_Families1',
  COGNITO_CLIENT_ID: 'familiesclient',
  AWS_REGION: 'us-west-2',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
  TABLE_SUFFIX: 'FAM',
};

const routeKeys = (routes: ReadonlyArray<{ method: string; path: string }>) =>
  routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();

describe('route families: the Lambda functions of the split deployment', () => {
  it('together serve exactly the routes of the whole API (the local stack and the Node server)', async () => {
    const { deps } = memoryDeps();
    const whole = createPaymentsHandler(deps, memoryConfig);
    const document = (await (await whole(new Request('https://api.example/openapi.json'))).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method, path })),
    );
    expect(routeKeys(wholeApiDeclarations())).toEqual(routeKeys(served));
    // Each route in one family only.
    expect(new Set(routeKeys(wholeApiDeclarations())).size).toBe(wholeApiDeclarations().length);
    expect(Object.values(ROUTE_FAMILIES)).toEqual([webhookRoutes, checkoutRoutes, adminAndReadRoutes]);
  });

  it("answers a family's routes as the whole API does, and other routes 404", async () => {
    const { deps } = memoryDeps();
    const whole = createPaymentsHandler(deps, memoryConfig);
    const webhooks = createRouteFamilyHandler(deps, memoryConfig, [webhookRoutes]);
    const admin = createRouteFamilyHandler(deps, memoryConfig, [adminAndReadRoutes]);
    const unsigned = () =>
      new Request('https://api.example/payments/webhook', { method: 'POST', body: '{"id":"evt_1"}' });
    const [fromWhole, fromFamily] = await Promise.all([whole(unsigned()), webhooks(unsigned())]);
    expect(fromFamily.status).toBe(400);
    expect(await fromFamily.json()).toEqual(await fromWhole.json());

    const health = await webhooks(new Request('https://api.example/health'));
    expect(health.status).toBe(404);
    expect(((await health.json()) as { error: { code: string } }).error.code).toBe('not_found');
    // A known path with another method is 405 in its family, as in the whole API.
    const wrongMethod = await admin(new Request('https://api.example/health', { method: 'DELETE' }));
    expect(wrongMethod.status).toBe(405);
    // The admin routes need a token; this handler verifies none.
    const queue = await admin(new Request('https://api.example/admin/queue'));
    expect(queue.status).toBe(401);
  });

  it('documents the whole API from the admin family, not just its own routes', async () => {
    const { deps } = memoryDeps();
    const admin = createRouteFamilyHandler(deps, memoryConfig, [adminAndReadRoutes]);
    const document = (await (await admin(new Request('https://api.example/openapi.json'))).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/payments/webhook', '/payments', '/admin/queue']),
    );
  });

  it('builds a function from the same environment with the same handler configuration as createPaymentsFromEnv', () => {
    const fn = createPaymentsFunction(ENV, { routes: [webhookRoutes], loadStripe: async () => Stripe });
    const full = createPaymentsFromEnv(ENV);
    try {
      expect(fn.config).toEqual(full.config);
      expect(fn.settings).toEqual(full.settings);
      // No verifier unless the entry asks for one (only the admin function does).
      expect(fn.deps.tokens).toBeUndefined();
    } finally {
      fn.close();
      full.close();
    }
  });

  it('loads Stripe on the first Stripe call only, never for a signature, and again after a failed load', async () => {
    let loads = 0;
    let fail = true;
    const gateway = createLazyStripeGateway(async () => {
      loads += 1;
      if (fail) throw new Error('no SDK here');
      return new Stripe('sk_test_lazy', {
        host: '127.0.0.1',
        port: 9,
        protocol: 'http',
        maxNetworkRetries: 0,
      });
    });
    const payload = '{"id":"evt_1","object":"event"}';
    const header = new Stripe('sk_test_x').webhooks.generateTestHeaderString({ payload, secret: 'whsec_l' });
    await expect(
      gateway.verifyWebhook({
        payload,
        header,
        secret: 'whsec_l',
        toleranceSeconds: 300,
        receivedAt: Date.now(),
      }),
    ).resolves.toEqual(JSON.parse(payload));
    expect(loads).toBe(0);

    await expect(gateway.findCheckoutByPaymentIntent('pi_1')).rejects.toMatchObject({
      code: 'gateway_unavailable',
    });
    expect(loads).toBe(1);
    fail = false;
    // Loaded now; the call itself then fails on the closed port, as a gateway fault.
    await expect(gateway.retrieveCheckout('cs_1')).rejects.toMatchObject({ code: 'gateway_unavailable' });
    await expect(gateway.retrieveCheckout('cs_2')).rejects.toMatchObject({ code: 'gateway_unavailable' });
    expect(loads).toBe(2);
  });
});
