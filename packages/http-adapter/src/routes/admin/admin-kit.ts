import { type Actor, emailSchema, eventIdSchema, eventYearSchema } from '@biztech/payments-core';
import type { Context } from 'hono';
import { z } from 'zod';
import type { PaymentsHttpErrorCode } from '../../errors.ts';
import { httpError } from '../../http/json-response.ts';
import type { PaymentsEnv } from '../../http/payments-env.ts';
import { errorResponses } from '../schemas.ts';

/** The OpenAPI security scheme every `/admin` route requires (registered in the document). */
export const ADMIN_SECURITY_SCHEME = 'cognitoIdToken';

/** `security` of an admin route declaration. */
export const ADMIN_SECURITY = [{ [ADMIN_SECURITY_SCHEME]: [] }];

type Codes = readonly [PaymentsHttpErrorCode, ...PaymentsHttpErrorCode[]];

/**
 * The error responses of an admin route: the guard's `401`/`403`, the route's own, and the faults
 * (the store, the deadline, the user pool's keys; Stripe's with `gateway`).
 */
export function adminErrors(own: Record<number, Codes>, options: { gateway?: boolean } = {}) {
  const faults: Record<number, Codes> = options.gateway
    ? {
        500: ['internal'],
        502: ['gateway_rejected'],
        503: ['store_unavailable', 'gateway_unavailable', 'identity_unavailable', 'dependency_timeout'],
      }
    : { 500: ['internal'], 503: ['store_unavailable', 'identity_unavailable', 'dependency_timeout'] };
  return errorResponses({
    401: ['missing_token', 'invalid_token'],
    403: ['not_admin'],
    ...faults,
    ...own,
  } as Record<number, Codes>);
}

/** Path parameters naming one registration. */
export const registrationKeyParams = z.object({
  email: emailSchema.meta({ param: { description: 'lower-cased on the way in' }, example: 'ada@ubc.ca' }),
  eventID: eventIdSchema.meta({ example: 'blueprint' }),
  year: eventYearSchema.meta({ example: 2026 }),
});

// A lone surrogate cannot be stored (DynamoDB wants valid UTF-8): refused as input, never a fault.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Bounded, storable text of an admin's (a name, a reason). */
export const adminText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !LONE_SURROGATE.test(s), { message: 'must be valid Unicode text (no lone surrogates)' });

/** An admin's free text (a grant's reason, a resolution's note): bounded, for the audit line. */
export const adminNoteSchema = adminText(1000);

/**
 * The admin behind this request, for the audit lines, as the guard verified them. Only reachable
 * behind `adminOnly`; a route without it is a programming error, answered as a refusal, not a fault.
 */
export function actorOf(c: Context<PaymentsEnv>, note?: string): Actor {
  const caller = c.var.caller;
  if (caller === undefined) throw httpError('missing_token', 401, 'an admin’s Cognito ID token is required');
  return { email: caller.email, sub: caller.sub, ...(note === undefined ? {} : { note }) };
}
