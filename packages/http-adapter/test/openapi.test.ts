import { createMemoryStores } from '@biztech/payments-core';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { clientApiTypes, committedClientApiTypes } from '../scripts/client-api-types.ts';
import { resolveConfig } from '../src/config.ts';
import { createPaymentsApp } from '../src/http/app.ts';
import { createPaymentsHandler, type PaymentsHandlerDeps, silentLogger } from '../src/index.ts';
import { captureLogger } from './support/capture-logger.ts';
import { fakeGateway } from './support/fake-gateway.ts';

const config = {
  allowedRedirectOrigins: ['https://app.example'],
  clientUrl: 'https://app.example/',
  webhookSecrets: ['whsec_x'],
  cancelWebhookSecrets: ['whsec_y'],
  membershipYear: 2026,
};
const deps: PaymentsHandlerDeps = {
  ...createMemoryStores(),
  gateway: fakeGateway(),
  identity: { signUp: async () => ({ created: true }) },
  clock: { now: () => Date.now() },
  ids: { profileId: () => 'CalmOwlsRead' },
  logger: silentLogger,
};

type Document = { openapi: string; paths: Record<string, Record<string, unknown>> };

async function documentOf(handler = createPaymentsHandler(deps, config)) {
  const response = await handler(new Request('https://api.example/openapi.json'));
  return { response, document: (await response.json()) as Document };
}

/** Every `METHOD /path` of a document, paths as templates (`/memberships/{email}`). */
const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  );

/** A concrete path for a template, with plausible parameters. */
const samplePath = (template: string) =>
  template
    .replace('{email}', encodeURIComponent('ada@ubc.ca'))
    .replace('{eventID}', 'blueprint')
    .replace('{year}', '2026')
    .replace('{sessionId}', 'cs_test_1');

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document (checked against the official 3.1 JSON schema)', async () => {
    // Act
    const { response, document } = await documentOf();
    const validator = new Validator();
    const result = await validator.validate(document);
    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(document.openapi).toBe('3.1.0');
    expect(validator.version).toBe('3.1');
    expect(result).toEqual({ valid: true });
  });

  it('documents every route the app serves, and the app serves every documented route', async () => {
    // Prepare
    const logs = captureLogger();
    const app = createPaymentsApp(deps, resolveConfig(config), silentLogger);
    const handler = createPaymentsHandler({ ...deps, logger: logs.logger }, config);
    const { document } = await documentOf(handler);
    const documented = operationsOf(document);
    // Act: the app's own routes (its middleware, preflights and 405 answers are `ALL` / `OPTIONS`),
    // and which route each documented operation reaches (the log line names it; `unmatched` if none).
    const served = app.routes
      .filter((r) => r.method !== 'ALL' && r.method !== 'OPTIONS')
      .map((r) => `${r.method} ${r.path.replaceAll(/:([^/]+)/g, '{$1}')}`);
    for (const operation of documented) {
      const [method, template] = operation.split(' ') as [string, string];
      await handler(new Request(`https://api.example${samplePath(template)}`, { method }));
    }
    const reached = logs
      .requestLines()
      .slice(1)
      .map((line) => `${line.method} ${line.route}${line.status === 405 ? ' (405)' : ''}`);
    // Assess
    expect([...new Set(served)].sort()).toEqual([...documented].sort());
    expect(reached).toEqual(documented);
    expect(documented).toEqual(
      expect.arrayContaining([
        'POST /registrations',
        'POST /payments',
        'POST /payments/webhook',
        'POST /payments/cancel',
        'GET /payments/sessions/{sessionId}',
        'GET /registrations/{email}/{eventID}/{year}',
        'GET /registrations',
        'GET /memberships/{email}',
        'GET /health',
        'GET /openapi.json',
        'GET /docs',
      ]),
    );
  });

  it('documents request bodies from core’s zod schemas, webhooks as raw JSON, and every error status', async () => {
    // Act
    const { document } = await documentOf();
    const op = (path: string, method: string) =>
      document.paths[path]?.[method] as {
        requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
        responses: Record<string, unknown>;
      };
    // Assess
    expect(op('/registrations', 'post').requestBody?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/RegistrationRequest',
    });
    expect(op('/payments/webhook', 'post').requestBody?.content['application/json']?.schema).toMatchObject({
      type: 'object',
      additionalProperties: true,
    });
    expect(Object.keys(op('/payments', 'post').responses).sort()).toEqual(
      ['200', '400', '401', '403', '404', '409', '413', '429', '500', '502', '503'].sort(),
    );
    expect(Object.keys(op('/memberships/{email}', 'get').responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '500',
      '503',
    ]);
  });

  it('keeps the browser client’s generated types in step with the document', async () => {
    // Act
    const fresh = await clientApiTypes();
    // Assess: run `pnpm --filter @biztech/payments-http client-types` when this fails.
    expect(await committedClientApiTypes()).toBe(fresh);
  });

  it('names the base path as the server behind an API Gateway stage', async () => {
    // Act
    const { document } = await documentOf(createPaymentsHandler(deps, { ...config, basePath: '/prod' }));
    // Assess
    expect((document as unknown as { servers: unknown }).servers).toEqual([{ url: '/prod' }]);
  });
});

describe('GET /docs', () => {
  it('serves the API reference page with its script from this server, not a CDN', async () => {
    // Prepare
    const handler = createPaymentsHandler(deps, config);
    // Act
    const page = await handler(new Request('https://api.example/docs'));
    const html = await page.text();
    const script = await handler(new Request('https://api.example/docs/scalar.js'));
    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('<script src="/docs/scalar.js"></script>');
    expect(html).toContain('"url": "/openapi.json"');
    expect(html).not.toMatch(/https?:\/\//);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });

  it('links the document and the script under the base path the request came with', async () => {
    // Prepare
    const handler = createPaymentsHandler(deps, { ...config, basePath: '/prod' });
    // Act
    const html = await (await handler(new Request('https://api.example/prod/docs'))).text();
    // Assess
    expect(html).toContain('<script src="/prod/docs/scalar.js"></script>');
    expect(html).toContain('"url": "/prod/openapi.json"');
  });
});
