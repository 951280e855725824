import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createCognitoIdentityProvider,
  createDynamoReadinessProbe,
  createDynamoStores,
  createSesEmailSender,
} from '@biztech/payments-aws';
import type { Clock, EmailSender, IdentityProvider, IdGenerator } from '@biztech/payments-core';
import Stripe from 'stripe';
import type { TokenVerifier } from '../auth/caller.ts';
import { createCognitoTokenVerifier } from '../auth/cognito-token-verifier.ts';
import type { PaymentsHandlerConfig } from '../config.ts';
import type { PaymentsHandlerDeps } from '../deps.ts';
import { createPaymentsHandler, type PaymentsHandler } from '../handler.ts';
import type { PaymentsLogger } from '../logger.ts';
import { offerLinkOption } from '../operations/offer-link-option.ts';
import { createOutboxMailer } from '../operations/outbox-mailer.ts';
import { createPaymentsOperations, type PaymentsOperations } from '../operations/payments-operations.ts';
import { createProfileIdGenerator } from '../profile-ids.ts';
import { createStripeGateway } from '../stripe/stripe-gateway.ts';
import { handlerConfigOf } from './handler-config.ts';
import { type PaymentsEnv, type PaymentsSettings, readPaymentsSettings } from './read-env.ts';
import {
  awsClientTimeoutOptions,
  type DependencyTimeoutOverrides,
  type DependencyTimeouts,
  resolveDependencyTimeouts,
  stripeTimeoutOptions,
} from './timeouts.ts';

/** Ready-made parts that replace what the environment would build (tests, the local stack). */
export interface PaymentsOverrides {
  stripe?: Stripe;
  /** A document client for the tables (e.g. with extra middleware). */
  dynamo?: DynamoDBDocumentClient;
  identity?: IdentityProvider;
  /** Verifies bearer tokens instead of the Cognito verifier the user pool's settings would build. */
  tokens?: TokenVerifier;
  /** Sends email instead of the SES v2 client `EMAIL_FROM` would build. */
  emailSender?: EmailSender;
  clock?: Clock;
  ids?: IdGenerator;
  logger?: PaymentsLogger;
  /** Handler settings beyond what the environment says. */
  config?: Partial<PaymentsHandlerConfig>;
  /**
   * Time budgets that differ from `DEFAULT_DEPENDENCY_TIMEOUTS`: the request deadline, the DynamoDB,
   * Cognito and Stripe clients this call builds (not the ones passed in), and the readiness probe.
   */
  timeouts?: DependencyTimeoutOverrides;
}

/** What the composition root built. */
export interface Payments {
  handler: PaymentsHandler;
  settings: PaymentsSettings;
  config: PaymentsHandlerConfig;
  deps: PaymentsHandlerDeps;
  /** The reconciler and the outbox drainer on the same deps and configuration. */
  operations: PaymentsOperations;
  stripe: Stripe;
  /** The DynamoDB document client the stores use (built here, or the one passed in). */
  dynamo: DynamoDBDocumentClient;
  /** The time budgets in force. */
  timeouts: DependencyTimeouts;
  /** Releases the AWS clients this call created (not the ones passed in). */
  close(): void;
}

/**
 * The composition root: the only code that reads the environment. Builds the Stripe SDK client
 * (pointed at `STRIPE_API_BASE` when set), the DynamoDB stores (`DYNAMODB_ENDPOINT`,
 * `TABLE_SUFFIX`), the Cognito identity provider and the admin routes' token verifier (same pool,
 * `COGNITO_ENDPOINT` locally, `ADMIN_EMAIL_DOMAIN`), the profile-id generator, the DynamoDB readiness
 * probe and the handler. Every client it builds gets the timeouts of `overrides.timeouts` (else
 * `DEFAULT_DEPENDENCY_TIMEOUTS`), and the handler the matching request deadline.
 *
 * @throws PaymentsConfigError listing every missing or malformed variable
 * @example
 * ```ts
 * import { createPaymentsFromEnv } from '@biztech/payments-http/env';
 * import { listen } from '@biztech/payments-http/node';
 * const payments = createPaymentsFromEnv();
 * await listen(payments.handler, { port: payments.settings.port });
 * ```
 */
export function createPaymentsFromEnv(
  env: PaymentsEnv = process.env,
  overrides: PaymentsOverrides = {},
): Payments {
  const settings = readPaymentsSettings(env, { identityProvided: overrides.identity !== undefined });
  const closers: Array<() => void> = [];
  const timeouts = resolveDependencyTimeouts(overrides.timeouts);

  const stripe =
    overrides.stripe ??
    new Stripe(settings.stripeSecretKey, {
      ...(settings.stripeApiBase ?? {}),
      // The SDK's default is 80 s per attempt: far past Lambda's and the webhook caller's patience.
      ...stripeTimeoutOptions(timeouts.stripe),
    });

  let doc = overrides.dynamo;
  if (doc === undefined) {
    const local = settings.dynamoEndpoint !== undefined && env.AWS_ACCESS_KEY_ID === undefined;
    const client = new DynamoDBClient({
      region: settings.awsRegion,
      ...(settings.dynamoEndpoint ? { endpoint: settings.dynamoEndpoint } : {}),
      // DynamoDB Local accepts any credentials; without these the SDK would look for real ones.
      ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
      // Without these the SDK waits for a stalled DynamoDB forever (no default timeout).
      ...awsClientTimeoutOptions(timeouts.dynamodb),
    });
    doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    closers.push(() => client.destroy());
  }
  const stores = createDynamoStores(doc, {
    tableSuffix: settings.tableSuffix,
    membershipYear: settings.membershipYear,
  });

  let identity = overrides.identity;
  if (identity === undefined) {
    const cognito = settings.cognito as NonNullable<PaymentsSettings['cognito']>;
    const client = new CognitoIdentityProviderClient({
      region: settings.awsRegion,
      ...(cognito.endpoint ? { endpoint: cognito.endpoint } : {}),
      ...awsClientTimeoutOptions(timeouts.cognito),
    });
    identity = createCognitoIdentityProvider(client, cognito);
    closers.push(() => client.destroy());
  }

  let emailSender = overrides.emailSender;
  if (emailSender === undefined && settings.email !== undefined) {
    const local = settings.email.endpoint !== undefined && env.AWS_ACCESS_KEY_ID === undefined;
    const client = new SESv2Client({
      region: settings.awsRegion,
      ...(settings.email.endpoint ? { endpoint: settings.email.endpoint } : {}),
      ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
      ...awsClientTimeoutOptions(timeouts.cognito),
    });
    emailSender = createSesEmailSender({ client, from: settings.email.from });
    closers.push(() => client.destroy());
  }

  // The admin routes' verifier: the same user pool the sign-ups go to (cognito-local locally).
  const tokens =
    overrides.tokens ??
    (settings.cognito
      ? createCognitoTokenVerifier({
          userPoolId: settings.cognito.userPoolId,
          clientId: settings.cognito.clientId,
          ...(settings.cognito.endpoint ? { endpoint: settings.cognito.endpoint } : {}),
          adminEmailDomain: settings.adminEmailDomain,
        })
      : undefined);

  const deps: PaymentsHandlerDeps = {
    ...stores,
    ...(tokens ? { tokens } : {}),
    ...(emailSender
      ? {
          email: createOutboxMailer({
            sender: emailSender,
            events: stores.events,
            ...offerLinkOption(settings.publicApiUrl),
          }),
        }
      : {}),
    gateway: createStripeGateway(stripe),
    identity,
    clock: overrides.clock ?? { now: () => Date.now() },
    ids: overrides.ids ?? createProfileIdGenerator(),
    ...(overrides.logger ? { logger: overrides.logger } : {}),
    readiness: {
      dynamodb: createDynamoReadinessProbe(doc, {
        tableSuffix: settings.tableSuffix,
        membershipYear: settings.membershipYear,
      }),
    },
  };
  const config: PaymentsHandlerConfig = { ...handlerConfigOf(settings, timeouts), ...overrides.config };

  return {
    handler: createPaymentsHandler(deps, config),
    settings,
    config,
    deps,
    operations: createPaymentsOperations(deps, config),
    stripe,
    dynamo: doc,
    timeouts,
    close: () => {
      for (const close of closers) close();
    },
  };
}
