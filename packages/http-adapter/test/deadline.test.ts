import { describe, expect, it } from 'vitest';
import {
  awsClientTimeoutOptions,
  DEFAULT_DEPENDENCY_TIMEOUTS,
  resolveDependencyTimeouts,
} from '../src/env/index.ts';
import { createPaymentsHandler, type ReadinessProbe } from '../src/index.ts';
import { memoryConfig, memoryDeps, post } from './support/memory-handler.ts';

const config = memoryConfig;

/** A promise that never settles: a dependency that accepted the call and went silent. */
const never = <T>() => new Promise<T>(() => {});

const get = (path: string) => new Request(`https://api.example${path}`);

describe('request deadline', () => {
  it('answers 503 dependency_timeout with retry-after when a store never answers, logging the request once', async () => {
    // Prepare
    const { deps, logs } = memoryDeps();
    const stalled = { ...deps, events: { ...deps.events, getEvent: () => never<undefined>() } };
    const handler = createPaymentsHandler(stalled, { ...config, requestDeadlineMs: 100 });
    // Act
    const started = Date.now();
    const res = await handler(post('/registrations', { email: 'ada@ubc.ca', eventID: 'gala', year: 2026 }));
    const elapsed = Date.now() - started;
    // Assess
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(await res.json()).toEqual({
      error: { code: 'dependency_timeout', message: expect.stringContaining('100 ms') },
    });
    expect(elapsed).toBeLessThan(5_000);
    const lines = logs.requestLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      route: '/registrations',
      status: 503,
      outcome: 'dependency_timeout',
    });
  });

  it('logs how a route that lost the race ended, once, under the same request id', async () => {
    // Prepare
    let release: (() => void) | undefined;
    const { deps, logs } = memoryDeps();
    const slow = {
      ...deps,
      events: {
        ...deps.events,
        getEvent: async (id: string, year: number) => {
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          return deps.events.getEvent(id, year);
        },
      },
    };
    const handler = createPaymentsHandler(slow, { ...config, requestDeadlineMs: 50 });
    // Act
    const res = await handler(post('/registrations', { email: 'ada@ubc.ca', eventID: 'gala', year: 2026 }));
    release?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Assess
    expect(res.status).toBe(503);
    const late = logs.entries.filter((e) => e.msg === 'finished after the deadline');
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({
      requestId: res.headers.get('x-request-id'),
      route: '/registrations',
      lateStatus: 201,
    });
    expect(logs.requestLines()).toHaveLength(1);
  });

  it('leaves fast routes and their errors alone', async () => {
    // Prepare
    const { deps } = memoryDeps();
    const handler = createPaymentsHandler(deps, { ...config, requestDeadlineMs: 5_000 });
    // Act
    const created = await handler(
      post('/registrations', { email: 'ada@ubc.ca', eventID: 'gala', year: 2026 }),
    );
    const unknown = await handler(
      post('/registrations', { email: 'ada@ubc.ca', eventID: 'nope', year: 2026 }),
    );
    // Assess
    expect(created.status).toBe(201);
    expect(unknown.status).toBe(404);
  });

  it('refuses a deadline that is not a positive integer', () => {
    // Act
    const build = () => createPaymentsHandler(memoryDeps().deps, { ...config, requestDeadlineMs: 0 });
    // Assess
    expect(build).toThrow(TypeError);
  });
});

describe('GET /health/ready', () => {
  const readyHandler = (readiness: Record<string, ReadinessProbe> | undefined, extra = {}) => {
    const { deps, logs } = memoryDeps(readiness ? { readiness } : {});
    return {
      handler: createPaymentsHandler(deps, {
        ...config,
        readinessTimeoutMs: 100,
        readinessCacheMs: 0,
        ...extra,
      }),
      logs,
    };
  };

  it('answers 200 with every check ok', async () => {
    // Prepare
    const { handler } = readyHandler({ dynamodb: async () => {} });
    // Act
    const res = await handler(get('/health/ready'));
    // Assess
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true, checks: { dynamodb: 'ok' } });
  });

  it('names a dependency that does not answer in time (timeout) and aborts its signal', async () => {
    // Prepare
    let signal: AbortSignal | undefined;
    const { handler } = readyHandler({
      dynamodb: (s) => {
        signal = s;
        return never();
      },
    });
    // Act
    const res = await handler(get('/health/ready'));
    // Assess
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false, checks: { dynamodb: 'timeout' } });
    expect(signal?.aborted).toBe(true);
  });

  it('names a dependency that fails (error) and logs why', async () => {
    // Prepare
    const { handler, logs } = readyHandler({
      dynamodb: async () => {
        throw Object.assign(new Error('no such table'), { name: 'ResourceNotFoundException' });
      },
      other: async () => {},
    });
    // Act
    const res = await handler(get('/health/ready'));
    // Assess
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false, checks: { dynamodb: 'error', other: 'ok' } });
    expect(logs.entries).toContainEqual(
      expect.objectContaining({ dependency: 'dynamodb', errorName: 'ResourceNotFoundException' }),
    );
  });

  it('reuses an answer within the cache window, concurrent callers included', async () => {
    // Prepare
    let probes = 0;
    const { handler } = readyHandler(
      {
        dynamodb: async () => {
          probes += 1;
        },
      },
      { readinessCacheMs: 60_000 },
    );
    // Act
    const answers = await Promise.all([1, 2, 3].map(() => handler(get('/health/ready'))));
    await handler(get('/health/ready'));
    // Assess
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(probes).toBe(1);
  });

  it('is ready with no probes, and GET /health stays a liveness answer touching no port', async () => {
    // Prepare
    const { handler } = readyHandler(undefined);
    const stalled = createPaymentsHandler(
      { ...memoryDeps().deps, readiness: { dynamodb: () => never() } },
      { ...config, readinessTimeoutMs: 50 },
    );
    // Act
    const ready = await handler(get('/health/ready'));
    const live = await stalled(get('/health'));
    // Assess
    expect(await ready.json()).toEqual({ ready: true, checks: {} });
    expect(live.status).toBe(200);
  });
});

describe('dependency timeouts of the composition root', () => {
  it('defaults fit inside the request deadline and turn the AWS request timeout into an error', () => {
    // Prepare
    const d = DEFAULT_DEPENDENCY_TIMEOUTS;
    // Act
    const aws = awsClientTimeoutOptions(d.dynamodb);
    // Assess
    expect(aws).toEqual({
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true },
    });
    // One stalled Stripe call, its retry included, fails on its own before the deadline.
    expect(d.stripe.timeoutMs * (d.stripe.maxNetworkRetries + 1)).toBeLessThan(d.requestDeadlineMs);
    expect(d.requestDeadlineMs).toBeLessThan(10_000);
  });

  it('merges overrides and refuses nonsense by name', () => {
    // Act
    const merged = resolveDependencyTimeouts({
      requestDeadlineMs: 1_500,
      dynamodb: { requestTimeoutMs: 500 },
    });
    // Assess
    expect(merged.requestDeadlineMs).toBe(1_500);
    expect(merged.dynamodb).toEqual({ connectionTimeoutMs: 1_000, requestTimeoutMs: 500, maxAttempts: 3 });
    expect(() => resolveDependencyTimeouts({ stripe: { timeoutMs: -1 } })).toThrow(/stripe\.timeoutMs/);
    expect(resolveDependencyTimeouts({ stripe: { maxNetworkRetries: 0 } }).stripe.maxNetworkRetries).toBe(0);
  });
});
