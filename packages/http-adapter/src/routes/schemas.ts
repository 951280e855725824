import { z } from 'zod';
import type { PaymentsHttpErrorCode } from '../errors.ts';

// Response schemas of the HTTP API. The request schemas are core's (`registrationRequestSchema`,
// `paymentRequestSchema`, ...); both feed the route declarations, which feed the OpenAPI document
// and, through it, the browser client's types.

/** `{ registrationStatus, applicationStatus? }`: a registration's statuses as today's tables hold them. */
export const registrationStatusSchema = z
  .object({
    registrationStatus: z.string().meta({ example: 'incomplete' }),
    applicationStatus: z.string().optional().meta({ example: 'reviewing' }),
  })
  .meta({ id: 'RegistrationStatus' });

/** `GET /registrations/{email}/{eventID}/{year}`: the statuses, plus the checkout URL while one is live. */
export const registrationViewSchema = z
  .object({
    registrationStatus: z.string().meta({ example: 'incomplete' }),
    applicationStatus: z.string().optional(),
    checkoutUrl: z.string().optional().meta({ description: 'only while a checkout session is live' }),
  })
  .meta({ id: 'RegistrationView' });

/** A live checkout to send the browser to (an incomplete registration registering again). */
export const resumeCheckoutSchema = z
  .object({ url: z.string().meta({ example: 'https://checkout.stripe.com/c/pay/cs_test_a1' }) })
  .meta({ id: 'ResumeCheckout' });

/** `POST /payments` with `Prefer: return=representation` (or `paymentResponse: 'object'`). `expiresAt` is epoch seconds. */
export const checkoutSchema = z
  .object({
    url: z.string().meta({ example: 'https://checkout.stripe.com/c/pay/cs_test_a1' }),
    sessionId: z.string().meta({ example: 'cs_test_a1' }),
    expiresAt: z.number().int().meta({ description: 'epoch seconds, like Stripe’s `expires_at`' }),
  })
  .meta({ id: 'Checkout' });

/** `POST /payments` for a paid application under review: where the applicant goes instead of paying. */
export const applicationReceivedSchema = z
  .object({
    url: z.string().meta({
      example: 'https://app.ubcbiztech.com/event/blueprint/2026/register/success?isApplicationBased=true',
    }),
    applicationReceived: z.literal(true),
  })
  .meta({ id: 'ApplicationReceived' });

/**
 * `POST /payments` answers: the URL as a JSON string (today's shape, the default), or with
 * `Prefer: return=representation` the checkout object (or, for an application under review, where
 * the applicant goes).
 */
export const paymentAnswerSchema = z.union([
  checkoutSchema,
  applicationReceivedSchema,
  z.string().meta({
    description:
      'the URL to send the browser to (the default; an object with `Prefer: return=representation`)',
  }),
]);

/** The `Prefer` request header of `POST /payments` (documentation; RFC 7240). */
export const preferHeader = z.object({
  prefer: z
    .string()
    .optional()
    .meta({ description: '`return=representation` for the object answer', example: 'return=representation' }),
});

/** `security` of an open route that takes a Cognito ID token when one is sent (never required). */
export const OPTIONAL_TOKEN: Record<string, string[]>[] = [{}, { cognitoIdToken: [] }];

/** `security` of a personal route: the owner's or an admin's Cognito ID token. */
export const TOKEN_REQUIRED: Record<string, string[]>[] = [{ cognitoIdToken: [] }];

/** `200` of both webhook routes. `rejected` machine outcomes are reported as `ignored`. */
export const webhookReceiptSchema = z
  .object({ received: z.literal(true), outcome: z.enum(['applied', 'duplicate', 'ignored']) })
  .meta({ id: 'WebhookReceipt' });

/** `GET /payments/sessions/{sessionId}`: no personal data, the id is the capability. */
export const sessionViewSchema = z
  .object({
    sessionId: z.string(),
    status: z.enum(['open', 'complete', 'expired']),
    paymentStatus: z.enum(['paid', 'unpaid', 'no_payment_required']),
    fulfilled: z.boolean().meta({ description: 'the record is paid by this session now' }),
  })
  .meta({ id: 'SessionView' });

/** `GET /memberships/{email}` for the configured membership year. */
export const membershipViewSchema = z
  .object({
    isMember: z.boolean(),
    state: z.string().meta({
      description:
        'the membership machine’s state: `none`, `awaitingCheckout`, `checkoutOpen`, `active`, `refunded`, …',
      example: 'active',
    }),
    profileID: z.string().optional().meta({ example: 'SillyPandasDeny' }),
  })
  .meta({ id: 'MembershipView' });

/** `GET /health`. */
export const healthSchema = z.object({ ok: z.literal(true) }).meta({ id: 'Health' });

/** `GET /health/ready`: each probed dependency and how it answered. */
export const readinessSchema = z
  .object({
    ready: z.boolean(),
    checks: z.record(z.string(), z.enum(['ok', 'timeout', 'error'])).meta({ example: { dynamodb: 'ok' } }),
  })
  .meta({ id: 'Readiness' });

/**
 * The contract's error body, with the codes a given status can carry on a given route. A plain JSON
 * Schema, not a zod one: error bodies are only documented (routes throw, the app renders), so they
 * cost no zod schema construction when the module loads (a Lambda cold start).
 */
export function errorBodySchema(codes: readonly [PaymentsHttpErrorCode, ...PaymentsHttpErrorCode[]]) {
  return {
    type: 'object' as const,
    required: ['error'],
    properties: {
      error: {
        type: 'object' as const,
        required: ['code', 'message'],
        properties: {
          code: { type: 'string' as const, enum: [...codes] },
          message: { type: 'string' as const },
          issues: {
            type: 'array' as const,
            description: 'with `invalid_body` / `invalid_params`: where, and what is wrong',
            items: {
              type: 'object' as const,
              required: ['path', 'message'],
              properties: {
                path: {
                  type: 'array' as const,
                  items: { type: ['string', 'integer'] as ('string' | 'integer')[] },
                },
                message: { type: 'string' as const },
              },
            },
          },
          reason: { type: 'string' as const, description: 'why a `not_payable` registration cannot pay' },
        },
      },
    },
  };
}

type ErrorCodes = readonly [PaymentsHttpErrorCode, ...PaymentsHttpErrorCode[]];

/** The error responses of a route: each status with the codes it can carry, listed in its description. */
export function errorResponses<S extends number>(byStatus: Record<S, ErrorCodes>) {
  const out = {} as Record<
    S,
    { description: string; content: { 'application/json': { schema: ReturnType<typeof errorBodySchema> } } }
  >;
  for (const [status, codes] of Object.entries(byStatus) as [`${S}`, ErrorCodes][]) {
    out[Number(status) as S] = {
      description: codes.map((code) => `\`${code}\``).join(', '),
      content: { 'application/json': { schema: errorBodySchema(codes) } },
    };
  }
  return out;
}

/** A JSON success response. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** What any route can answer besides its own: a fault (500) and the deadline or a throttled store (503). */
export const FAULTS = {
  500: ['internal'],
  503: ['store_unavailable', 'dependency_timeout'],
} as const satisfies Record<number, ErrorCodes>;

/** Faults of routes that call Stripe: it refused (502) or could not be reached (503). */
export const GATEWAY_FAULTS = {
  500: ['internal'],
  502: ['gateway_rejected'],
  503: ['store_unavailable', 'gateway_unavailable', 'dependency_timeout'],
} as const satisfies Record<number, ErrorCodes>;
