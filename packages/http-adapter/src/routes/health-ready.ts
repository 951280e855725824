import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import type { ReadinessProbe } from '../deps.ts';
import { JSON_HEADERS, type PaymentsEnv } from '../http/payments-env.ts';
import { errorFields, type PaymentsLogger } from '../logger.ts';
import { declareRoute } from './declare-route.ts';
import { errorResponses, jsonResponse, readinessSchema } from './schemas.ts';

/** How one dependency answered its readiness probe. */
export type ReadinessState = 'ok' | 'timeout' | 'error';

/** The body of `GET /health/ready`. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, ReadinessState>;
}

/** Runs one probe with its own timeout; the signal lets it cancel its call, the race bounds it regardless. */
async function probeOnce(
  name: string,
  probe: ReadinessProbe,
  timeoutMs: number,
  logger: PaymentsLogger,
): Promise<ReadinessState> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<ReadinessState>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  const answered = (async (): Promise<ReadinessState> => {
    try {
      await probe(controller.signal);
      return 'ok';
    } catch (error) {
      if (controller.signal.aborted) return 'timeout';
      logger.warn({ msg: 'readiness probe failed', dependency: name, ...errorFields(error) });
      return 'error';
    }
  })();
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function probeAll(
  probes: Readonly<Record<string, ReadinessProbe>>,
  timeoutMs: number,
  logger: PaymentsLogger,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(probes).map(
      async ([name, probe]) => [name, await probeOnce(name, probe, timeoutMs, logger)] as const,
    ),
  );
  const checks = Object.fromEntries(entries);
  return { ready: entries.every(([, state]) => state === 'ok'), checks };
}

/** `GET /health/ready`, declared. */
export const readinessRoute = declareRoute({
  method: 'get',
  path: '/health/ready',
  tags: ['Health'],
  summary: 'Readiness',
  description:
    'Whether the dependencies answer (a DynamoDB read in production). Each probe has its own short timeout, ' +
    'and an answer is reused for `readinessCacheMs`, so a load balancer polling it costs one read per window.',
  responses: {
    200: jsonResponse(readinessSchema, 'Every dependency answered'),
    503: jsonResponse(
      readinessSchema.or(
        z.object({ error: z.object({ code: z.literal('dependency_timeout'), message: z.string() }) }),
      ),
      'A dependency did not answer (`timeout`) or failed (`error`); or the request deadline ran out',
    ),
    ...errorResponses({ 500: ['internal'] }),
  },
});

/**
 * `GET /health/ready`: whether the dependencies answer (`deps.readiness`, e.g. a DynamoDB read).
 * `200 { ready: true, checks: { dynamodb: "ok" } }`, or `503 { ready: false, checks: { dynamodb:
 * "timeout" | "error" } }` naming the one that is not ready. Each probe has its own short timeout
 * (`readinessTimeoutMs`), and an answer is reused for `readinessCacheMs`, concurrent callers
 * included, so a load balancer polling it costs one read per window. `GET /health` stays the
 * cheap liveness answer.
 *
 * Each handler gets its own (and its own cache).
 */
export function createReadiness(): RouteHandler<typeof readinessRoute, PaymentsEnv> {
  let cached: { startedAt: number; report: Promise<ReadinessReport> } | undefined;
  return async (c) => {
    const { deps, config, logger } = c.var;
    const now = performance.now();
    if (cached === undefined || now - cached.startedAt >= config.readinessCacheMs) {
      cached = {
        startedAt: now,
        report: probeAll(deps.readiness ?? {}, config.readinessTimeoutMs, logger),
      };
    }
    const report = await cached.report;
    return report.ready ? c.json(report, 200, JSON_HEADERS) : c.json(report, 503, JSON_HEADERS);
  };
}
