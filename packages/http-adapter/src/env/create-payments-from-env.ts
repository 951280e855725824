import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createCognitoIdentityProvider, createDynamoStores } from '@biztech/payments-aws';
import type { Clock, IdentityProvider, IdGenerator } from '@biztech/payments-core';
import Stripe from 'stripe';
import type { PaymentsHandlerConfig } from '../config.ts';
import type { PaymentsHandlerDeps } from '../deps.ts';
import { createPaymentsHandler, type PaymentsHandler } from '../handler.ts';
import type { PaymentsLogger } from '../logger.ts';
import { createProfileIdGenerator } from '../profile-ids.ts';
import { createStripeGateway } from '../stripe/stripe-gateway.ts';
import { type PaymentsEnv, type PaymentsSettings, readPaymentsSettings } from './read-env.ts';

/** Ready-made parts that replace what the environment would build (tests, the local stack). */
export interface PaymentsOverrides {
  stripe?: Stripe;
  /** A document client for the tables (e.g. with extra middleware). */
  dynamo?: DynamoDBDocumentClient;
  identity?: IdentityProvider;
  clock?: Clock;
  ids?: IdGenerator;
  logger?: PaymentsLogger;
  /** Handler settings beyond what the environment says. */
  config?: Partial<PaymentsHandlerConfig>;
}

/** What the composition root built. */
export interface Payments {
  handler: PaymentsHandler;
  settings: PaymentsSettings;
  config: PaymentsHandlerConfig;
  deps: PaymentsHandlerDeps;
  stripe: Stripe;
  /** Releases the AWS clients this call created (not the ones passed in). */
  close(): void;
}

/**
 * The composition root: the only code that reads the environment. Builds the Stripe SDK client
 * (pointed at `STRIPE_API_BASE` when set), the DynamoDB stores (`DYNAMODB_ENDPOINT`,
 * `TABLE_SUFFIX`), the Cognito identity provider, the profile-id generator and the handler.
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

  const stripe =
    overrides.stripe ??
    new Stripe(settings.stripeSecretKey, {
      ...(settings.stripeApiBase ?? {}),
      // Lambda and the webhook's caller both give up long before the SDK's 80 s default.
      timeout: 15_000,
      maxNetworkRetries: 2,
    });

  let doc = overrides.dynamo;
  if (doc === undefined) {
    const local = settings.dynamoEndpoint !== undefined && env.AWS_ACCESS_KEY_ID === undefined;
    const client = new DynamoDBClient({
      region: settings.awsRegion,
      ...(settings.dynamoEndpoint ? { endpoint: settings.dynamoEndpoint } : {}),
      // DynamoDB Local accepts any credentials; without these the SDK would look for real ones.
      ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
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
    });
    identity = createCognitoIdentityProvider(client, cognito);
    closers.push(() => client.destroy());
  }

  const deps: PaymentsHandlerDeps = {
    ...stores,
    gateway: createStripeGateway(stripe),
    identity,
    clock: overrides.clock ?? { now: () => Date.now() },
    ids: overrides.ids ?? createProfileIdGenerator(),
    ...(overrides.logger ? { logger: overrides.logger } : {}),
  };
  const config: PaymentsHandlerConfig = {
    allowedRedirectOrigins: settings.allowedRedirectOrigins,
    clientUrl: settings.clientUrl,
    webhookSecrets: settings.webhookSecrets,
    cancelWebhookSecrets: settings.cancelWebhookSecrets,
    membershipYear: settings.membershipYear,
    paymentResponse: settings.paymentResponse,
    autoRefund: settings.autoRefund,
    ...(settings.basePath ? { basePath: settings.basePath } : {}),
    ...overrides.config,
  };
  return {
    handler: createPaymentsHandler(deps, config),
    settings,
    config,
    deps,
    stripe,
    close: () => {
      for (const close of closers) close();
    },
  };
}
