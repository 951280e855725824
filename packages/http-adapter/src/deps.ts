import type {
  AuditTrail,
  Clock,
  EffectPolicy,
  EventStore,
  IdentityProvider,
  IdGenerator,
  MembershipStore,
  OperationsStore,
  OutboxAction,
  PaymentGateway,
  RegistrationStore,
  UserStore,
} from '@biztech/payments-core';
import type { TokenVerifier } from './auth/caller.ts';
import type { PaymentsLogger } from './logger.ts';

/** What a webhook verifier is asked to check. */
export interface VerifyWebhookInput {
  /** The raw request body, exactly as received. */
  payload: string;
  /** The `Stripe-Signature` header. */
  header: string;
  secret: string;
  /** Maximum age, and maximum future skew, of the signed timestamp. */
  toleranceSeconds: number;
  /** When the request arrived, epoch milliseconds (from the Clock port). */
  receivedAt: number;
}

/** Checks a webhook signature; the gateway created by `createStripeGateway` is one. */
export interface WebhookVerifier {
  /**
   * Resolves to the parsed event when the signature is valid for `secret` and its timestamp is
   * within the tolerance; rejects otherwise.
   */
  verifyWebhook(input: VerifyWebhookInput): Promise<unknown>;
}

/** Reads Stripe's event list, for the reconciler (`createStripeGateway` is one). */
export interface StripeEventLister {
  /** Events of `types` created at or after `createdGte` (epoch seconds), oldest first, every page read. */
  listEvents(input: { createdGte: number; types: readonly string[] }): Promise<unknown[]>;
}

/**
 * Checks that one dependency answers: resolves when it does, rejects when it fails. `signal` is
 * aborted when the readiness timeout runs out, so the probe can cancel its call.
 */
export type ReadinessProbe = (signal: AbortSignal) => Promise<unknown>;

/** The ports the HTTP handler runs on. The composition root builds them; tests pass in-memory ones. */
export interface PaymentsHandlerDeps {
  registrations: RegistrationStore;
  memberships: MembershipStore;
  events: EventStore;
  users: UserStore;
  /** Stripe (see `createStripeGateway`), which also verifies webhook signatures. */
  gateway: PaymentGateway & WebhookVerifier & StripeEventLister;
  identity: IdentityProvider;
  clock: Clock;
  ids: IdGenerator;
  /** The audit lines of registrations and memberships, for the admin routes (`createDynamoStores(...).auditTrail`). */
  auditTrail: AuditTrail;
  /** Outbox, operator queue and reconciler checkpoints (`createDynamoStores(...).operations`, or the memory stores'). */
  operations: OperationsStore;
  /**
   * Sends the emails outbox items ask for (confirmation, seat offered, refund issued). Without
   * one, no email is planned at all.
   */
  email?: OutboxMailer;
  /**
   * How effects become outbox and queue items. The handler derives it (`autoRefund` from the
   * configuration, emails when `email` is given); set it only to override that.
   */
  effectPolicy?: EffectPolicy;
  /** One JSON line per request, plus warnings of effects; `consoleLogger` unless given. */
  logger?: PaymentsLogger;
  /**
   * Probes of `GET /health/ready`, by dependency name (e.g. `{ dynamodb: probe }`); the composition
   * root gives a DynamoDB one. Without any, readiness is the same as liveness.
   */
  readiness?: Readonly<Record<string, ReadinessProbe>>;
  /**
   * Verifies `Authorization: Bearer` Cognito ID tokens for the admin routes and the personal reads.
   * Without one, every route that needs a token answers `401`.
   */
  tokens?: TokenVerifier;
}

/** Sends the email of one `email.send` outbox action; rejects on a failure worth retrying. */
export interface OutboxMailer {
  send(action: Extract<OutboxAction, { type: 'email.send' }>): Promise<void>;
}
