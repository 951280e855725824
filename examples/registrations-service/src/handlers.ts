import { isRetryableStoreFault } from '@biztech/payments-aws';
import { PaymentsError } from '@biztech/payments-core';
import type { ProxyEvent, ProxyResult } from './lambda-types.ts';
import { postRegistration } from './post-registration.ts';
import { putRegistration } from './put-registration.ts';
import { respond, ServiceError } from './responses.ts';
import type { ServiceDeps } from './service-deps.ts';

/** A Lambda handler in today's style: proxy event in, `{ statusCode, headers, body }` out. */
export type ProxyHandler = (request: ProxyEvent) => Promise<ProxyResult>;

/** Every failure as a response: refusals as they are, store faults as today's `502`. */
function answering(
  route: (deps: ServiceDeps, request: ProxyEvent) => Promise<ProxyResult>,
  deps: ServiceDeps,
) {
  return async (request: ProxyEvent): Promise<ProxyResult> => {
    try {
      return await route(deps, request);
    } catch (error) {
      if (error instanceof ServiceError) return error.toResponse();
      if ((error instanceof PaymentsError && error.retryable) || isRetryableStoreFault(error)) {
        return respond(502, { message: 'DynamoDB is unavailable, try again', code: 'store_unavailable' });
      }
      throw error;
    }
  };
}

/**
 * The two handlers that replace today's `post` and `put` exports of
 * `services/registrations/handler.js`; `get`, `del` and the rest of the service stay as they are.
 *
 * @example
 * ```ts
 * // services/registrations/handler.ts
 * const deps = createServiceDeps(DynamoDBDocumentClient.from(new DynamoDBClient({})), {
 *   tableSuffix: process.env.ENVIRONMENT ?? '',
 * });
 * export const { post, put } = createRegistrationHandlers(deps);
 * ```
 */
export function createRegistrationHandlers(deps: ServiceDeps): { post: ProxyHandler; put: ProxyHandler } {
  return { post: answering(postRegistration, deps), put: answering(putRegistration, deps) };
}
