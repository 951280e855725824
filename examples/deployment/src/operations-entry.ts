import {
  createOperationsLambdaHandler,
  createPaymentsFunction,
  createPaymentsOperations,
  type OperationsLambdaEvent,
} from '@biztech/payments-http/lambda';
import Stripe from 'stripe';
import { createAwsSecretReaders } from './runtime/aws-secret-readers.ts';
import { resolveSecretEnv } from './runtime/resolve-secret-env.ts';

type OperationsHandler = ReturnType<typeof createOperationsLambdaHandler>;
let built: Promise<OperationsHandler> | undefined;

/** Resolves the `*_FROM` secret references once per container, then builds the jobs from the environment. */
async function build(): Promise<OperationsHandler> {
  const readers = createAwsSecretReaders(process.env.AWS_REGION);
  try {
    const env = await resolveSecretEnv(process.env, readers);
    // No routes: the jobs only. A reconcile pass reads Stripe's event list every time.
    const jobs = createPaymentsFunction(env, { routes: [], loadStripe: async () => Stripe });
    return createOperationsLambdaHandler(createPaymentsOperations(jobs.deps, jobs.config));
  } finally {
    readers.close();
  }
}

/**
 * The operations function's handler, the composition root of the outbox drainer and the
 * reconciler: the payments table's DynamoDB Stream (outbox items only, by the event source's
 * filter) runs a drain pass, the 15-minute EventBridge schedule a reconciliation pass. A failed
 * build is not cached, so the next invocation tries again.
 */
export async function handler(event: OperationsLambdaEvent) {
  built ??= build().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return (await built)(event);
}
