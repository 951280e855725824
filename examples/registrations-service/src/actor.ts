import type { Actor } from '@biztech/payments-core';
import type { ProxyEvent } from './lambda-types.ts';

/**
 * The signed-in person behind a request, from the claims API Gateway's Cognito authorizer passed
 * on (today's `serverless.yml` puts one in front of the PUT): recorded in the packages' audit
 * line of the change. Whether this person may make the change is the authorizer's and the
 * service's business, as today; `undefined` when the request carries no claims.
 */
export function actorOf(request: ProxyEvent): Actor | undefined {
  const authorizer = request.requestContext?.authorizer;
  const claims = authorizer?.claims ?? authorizer?.jwt?.claims;
  const email = claims?.email;
  const sub = claims?.sub;
  return typeof email === 'string' && typeof sub === 'string'
    ? { email: email.toLowerCase(), sub }
    : undefined;
}
