import {
  createLambdaHandler,
  createPaymentsFunction,
  type PaymentsFunctionParts,
} from '@biztech/payments-http/lambda';
import { createAwsSecretReaders } from './aws-secret-readers.ts';
import { deferredHandler } from './deferred-handler.ts';
import { resolveSecretEnv } from './resolve-secret-env.ts';

/**
 * The Lambda handler of one HTTP function (API Gateway HTTP API events in, the contract's answers
 * out). This is where the functions read `process.env`: on the first request the `*_FROM` secret
 * references are resolved from Secrets Manager / SSM (clients imported then, and released after),
 * then `createPaymentsFunction` builds the function's routes from `parts`. A failed start answers
 * `503` and the next request tries again.
 */
export function httpFunction(parts: PaymentsFunctionParts) {
  return createLambdaHandler(
    deferredHandler(async () => {
      const readers = createAwsSecretReaders(process.env.AWS_REGION);
      try {
        const env = await resolveSecretEnv(process.env, readers);
        return createPaymentsFunction(env, parts).handler;
      } finally {
        // Secrets are read once per container; the clients would only hold sockets open.
        readers.close();
      }
    }),
  );
}
