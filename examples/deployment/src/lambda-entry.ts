import { createPaymentsFromEnv } from '@biztech/payments-http/env';
import { createLambdaHandler } from '@biztech/payments-http/lambda';
import { createAwsSecretReaders } from './runtime/aws-secret-readers.ts';
import { deferredHandler } from './runtime/deferred-handler.ts';
import { resolveSecretEnv } from './runtime/resolve-secret-env.ts';

/**
 * The Lambda function's handler (`index.handler` in the bundle): API Gateway HTTP API events in,
 * the contract's HTTP API out. This file is the composition root, the only place that reads
 * `process.env`: on the first request it resolves the `*_FROM` secret references from Secrets
 * Manager / SSM, then builds the payments handler with `createPaymentsFromEnv`.
 */
export const handler = createLambdaHandler(
  deferredHandler(async () => {
    const readers = createAwsSecretReaders(process.env.AWS_REGION);
    try {
      const env = await resolveSecretEnv(process.env, readers);
      return createPaymentsFromEnv(env).handler;
    } finally {
      // Secrets are read once per container; the clients would only hold sockets open.
      readers.close();
    }
  }),
);
