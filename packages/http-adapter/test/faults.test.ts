import { createServer as createNetServer } from 'node:net';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createPaymentsHandler, createStripeGateway } from '../src/index.ts';
import { listen } from '../src/node/index.ts';
import { memoryConfig, memoryDeps, post } from './support/memory-handler.ts';

const config = memoryConfig;

/** A loopback port with nothing listening on it. */
function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('faults', () => {
  it('answers 503 gateway_unavailable when Stripe cannot be reached, and writes no checkout', async () => {
    // Prepare
    const stripe = new Stripe('sk_test_x', {
      host: '127.0.0.1',
      port: await deadPort(),
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const { deps, stores } = memoryDeps({ gateway: createStripeGateway(stripe) });
    const handler = createPaymentsHandler(deps, config);
    await handler(post('/registrations', { email: 'ada@ubc.ca', eventID: 'gala', year: 2026 }));
    // Act
    const res = await handler(
      post('/payments', { paymentType: 'Event', email: 'ada@ubc.ca', eventID: 'gala', year: 2026 }),
    );
    // Assess
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('gateway_unavailable');
    expect(stores.inspect().registrations[0]?.checkoutLink).toBeUndefined();
  });

  it('answers 500 internal with no detail for an unexpected error, and logs its name', async () => {
    // Prepare
    const { deps, logs } = memoryDeps();
    const broken = {
      ...deps,
      events: { ...deps.events, getEvent: async () => Promise.reject(new TypeError('secret detail')) },
    };
    const handler = createPaymentsHandler(broken, config);
    // Act
    const res = await handler(post('/registrations', { email: 'ada@ubc.ca', eventID: 'gala', year: 2026 }));
    // Assess
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(logs.entries.some((e) => e.level === 'error' && e.errorName === 'TypeError')).toBe(true);
  });

  it('survives a logger that throws', async () => {
    // Prepare
    const { deps } = memoryDeps({
      logger: {
        info: () => {
          throw new Error('sink down');
        },
        warn: () => {},
        error: () => {},
      },
    });
    const handler = createPaymentsHandler(deps, config);
    // Act
    const res = await handler(new Request('https://api.example/health'));
    // Assess
    expect(res.status).toBe(200);
  });

  it('the Node server refuses bodies over its limit with 413 before buffering them', async () => {
    // Prepare
    const { deps } = memoryDeps();
    const server = await listen(createPaymentsHandler(deps, config), { port: 0, maxBodyBytes: 1024 });
    // Act
    const res = await fetch(`${server.url}/registrations`, { method: 'POST', body: 'x'.repeat(4096) });
    const body = await res.json();
    await server.close();
    // Assess
    expect(res.status).toBe(413);
    expect(body).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('strips a configured base path (an API Gateway stage)', async () => {
    // Prepare
    const { deps } = memoryDeps();
    const handler = createPaymentsHandler(deps, { ...config, basePath: '/prod' });
    // Act
    const staged = await handler(new Request('https://api.example/prod/health'));
    const plain = await handler(new Request('https://api.example/health'));
    // Assess
    expect(staged.status).toBe(200);
    expect(plain.status).toBe(200);
  });
});
