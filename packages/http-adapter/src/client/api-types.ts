import type { components, paths } from './api-paths.ts';

// Every type here comes from the route declarations: their zod schemas make the OpenAPI document,
// and `api-paths.ts` is generated from that document (openapi-typescript). Request bodies are the
// schemas' input types (`year` as a number or a numeric string, ...); answers their output types.

type Schemas = components['schemas'];
type JsonBody<Op> = Op extends { requestBody: { content: { 'application/json': infer Body } } }
  ? Body
  : never;
type JsonAnswer<Op, Status extends number> = Op extends {
  responses: { [S in Status]: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

type PostRegistrations = paths['/registrations']['post'];
type PostPayments = paths['/payments']['post'];

/** `POST /registrations` body: today's frontend body (`regForPaid`, `regForPaidApp`, `regForFree`); extra fields are ignored. */
export type RegisterBody = JsonBody<PostRegistrations> & { [extra: string]: unknown };

/**
 * `POST /payments` body: `Event`, `Member`, `UserMember` or `OAuthMember`, extra frontend fields
 * allowed. One object type with the fields every payment type shares (as before), not the document's
 * union, so a form that picks `paymentType` at run time type-checks; the server checks the rest.
 */
export type PayBody = Omit<JsonBody<PostPayments>, never> & { [extra: string]: unknown };

/** A registration's statuses, as stored and as `GET /registrations/...` answers them (`checkoutUrl` only while a session is live). */
export type RegistrationView = Schemas['RegistrationView'];

/** What `POST /registrations` answers: the new statuses (201) or a live checkout to resume (200). */
export type RegisterResult = JsonAnswer<PostRegistrations, 201> | JsonAnswer<PostRegistrations, 200>;

/** A checkout to redirect the browser to. `expiresAt` is epoch seconds (absent from bare-string servers). */
export type CheckoutView = Pick<Schemas['Checkout'], 'url'> & Partial<Schemas['Checkout']>;

/** What `POST /payments` answers: the checkout, or (bare-string servers) its URL. */
export type PaymentAnswer = JsonAnswer<PostPayments, 200>;

/** `GET /memberships/{email}`. */
export type MembershipView = Schemas['MembershipView'];

/** `GET /payments/sessions/{sessionId}`. */
export type SessionView = Schemas['SessionView'];

/** An error answer of any route: `{ error: { code, message, issues?, reason? } }`. */
export type ErrorAnswer = JsonAnswer<PostPayments, 409>;
