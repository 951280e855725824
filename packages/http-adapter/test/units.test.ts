import { createMemoryStores } from '@biztech/payments-core';
import { describe, expect, it } from 'vitest';
import {
  createPaymentsHandler,
  createProfileIdGenerator,
  GatewayError,
  gatewayError,
  resolveConfig,
  withSessionIdParam,
} from '../src/index.ts';
import { captureLogger } from './support/capture-logger.ts';
import { fakeGateway } from './support/fake-gateway.ts';

describe('withSessionIdParam', () => {
  it.each([
    ['https://app/x', 'https://app/x?session_id={CHECKOUT_SESSION_ID}'],
    ['https://app/x?a=1', 'https://app/x?a=1&session_id={CHECKOUT_SESSION_ID}'],
    ['https://app/x?a=1#top', 'https://app/x?a=1&session_id={CHECKOUT_SESSION_ID}#top'],
    ['https://app/x?', 'https://app/x?session_id={CHECKOUT_SESSION_ID}'],
    ['https://app/x?s={CHECKOUT_SESSION_ID}', 'https://app/x?s={CHECKOUT_SESSION_ID}'],
  ])('%s → %s', (input, output) => {
    expect(withSessionIdParam(input)).toBe(output);
  });
});

describe('gatewayError', () => {
  it.each([
    [{ type: 'StripeConnectionError', message: 'socket hang up' }, 'gateway_unavailable', 503],
    [{ type: 'StripeRateLimitError', statusCode: 429 }, 'gateway_unavailable', 503],
    [{ type: 'StripeAPIError', statusCode: 500 }, 'gateway_unavailable', 503],
    [
      { type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_invalid_integer' },
      'gateway_rejected',
      502,
    ],
    [{ type: 'StripeAuthenticationError', statusCode: 401 }, 'gateway_rejected', 502],
  ])('maps %o to %s (%i)', (raw, code, status) => {
    // Act
    const error = gatewayError(Object.assign(new Error('stripe'), raw), 'test');
    // Assess
    expect(error).toBeInstanceOf(GatewayError);
    expect([error.code, error.status, error.retryable]).toEqual([code, status, status === 503]);
  });
});

describe('resolveConfig', () => {
  const base = {
    allowedRedirectOrigins: ['https://app.example/some/path'],
    clientUrl: 'https://app.example',
    webhookSecrets: ['whsec_1'],
    cancelWebhookSecrets: [],
    membershipYear: 2026,
  };

  it('normalises origins and the client URL and fills defaults', () => {
    // Act
    const config = resolveConfig(base);
    // Assess
    expect([...config.allowedOrigins]).toEqual(['https://app.example']);
    expect(config.clientUrl).toBe('https://app.example/');
    expect([
      config.webhookToleranceSeconds,
      config.maxBodyBytes,
      config.paymentResponse,
      config.maxSessionsPerEmailPerHour,
    ]).toEqual([300, 65536, 'negotiate', 10]);
  });

  it('refuses a configuration that cannot work', () => {
    expect(() => resolveConfig({ ...base, webhookSecrets: [' '] })).toThrow(/webhookSecrets/);
    expect(() => resolveConfig({ ...base, clientUrl: 'app.example' })).toThrow(/clientUrl/);
    expect(() => resolveConfig({ ...base, membershipYear: 26 })).toThrow(/membershipYear/);
  });
});

describe('routing (Hono, with the contract 405 and bad-escape answers)', () => {
  const seen: string[] = [];
  const logs = captureLogger();
  const handler = createPaymentsHandler(
    {
      ...createMemoryStores(),
      gateway: {
        ...fakeGateway(),
        async retrieveCheckout(id) {
          seen.push(id);
          return undefined;
        },
      },
      identity: { signUp: async () => ({ created: true }) },
      clock: { now: () => Date.now() },
      ids: { profileId: () => 'CalmOwlsRead' },
      logger: logs.logger,
    },
    {
      allowedRedirectOrigins: [],
      clientUrl: 'https://app.example/',
      webhookSecrets: ['whsec_1'],
      cancelWebhookSecrets: [],
      membershipYear: 2026,
    },
  );
  const get = (path: string) => handler(new Request(`https://api.example${path}`));

  it('matches parameters, reports wrong methods and bad escapes', async () => {
    // Act
    const found = await get('/payments/sessions/cs_1%5F');
    const wrongMethod = await get('/payments/webhook');
    const badEscape = await get('/payments/sessions/%E0%A4%A');
    const elsewhere = await get('/elsewhere');
    // Assess
    expect(seen).toEqual(['cs_1_']);
    expect(found.status).toBe(404);
    expect(logs.requestLines()[0]).toMatchObject({ route: '/payments/sessions/{sessionId}', status: 404 });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST, OPTIONS');
    expect(((await badEscape.json()) as { error: { code: string } }).error.code).toBe('invalid_params');
    expect(badEscape.status).toBe(400);
    expect(elsewhere.status).toBe(404);
    expect(((await elsewhere.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('createProfileIdGenerator', () => {
  it('makes adjective + noun + verb ids in PascalCase', () => {
    // Prepare
    const ids = createProfileIdGenerator();
    // Act
    const drawn = Array.from({ length: 200 }, () => ids.profileId());
    // Assess
    for (const id of drawn) expect(id).toMatch(/^([A-Z][a-z]+){3}$/);
    expect(new Set(drawn).size).toBeGreaterThan(150);
  });

  it('is deterministic with an injected random source', () => {
    expect(createProfileIdGenerator({ randomInt: () => 0 }).profileId()).toBe('SillyPandasDeny');
  });
});
