import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoReadinessProbe, createDynamoStores } from '@biztech/payments-aws';
import type { EmailSender, IdentityProvider } from '@biztech/payments-core';
import type Stripe from 'stripe';
import type { TokenVerifier } from '../auth/caller.ts';
import type { CognitoTokenVerifierOptions } from '../auth/cognito-token-verifier.ts';
import type { PaymentsHandlerConfig } from '../config.ts';
import type { PaymentsHandlerDeps } from '../deps.ts';
import { handlerConfigOf } from '../env/handler-config.ts';
import type { PaymentsEnv, PaymentsSettings } from '../env/read-env.ts';
import { readPaymentsSettings } from '../env/read-env.ts';
import {
  awsClientTimeoutOptions,
  type DependencyTimeouts,
  resolveDependencyTimeouts,
  stripeTimeoutOptions,
} from '../env/timeouts.ts';
import type { PaymentsHandler } from '../handler.ts';
import { createRouteFamilyHandler } from '../http/route-families/family-handler.ts';
import type { RouteFamily } from '../http/route-families/route-family.ts';
import { offerLinkOption } from '../operations/offer-link-option.ts';
import { createOutboxMailer } from '../operations/outbox-mailer.ts';
import { createProfileIdGenerator } from '../profile-ids.ts';
import { createLazyStripeGateway } from '../stripe/lazy-stripe-gateway.ts';

/** What one Lambda function is made of; each entry passes only what its routes or jobs use. */
export interface PaymentsFunctionParts {
  /** The route families the function serves (none for the operations jobs). */
  routes: readonly RouteFamily[];
  /**
   * Gives the `stripe` SDK's class. A function that calls Stripe on most requests imports it
   * statically (`async () => Stripe`); one that rarely does imports it on the first Stripe call
   * (`async () => (await import('stripe')).default`), so its cold start never loads the SDK.
   */
  loadStripe: () => Promise<typeof Stripe>;
  /**
   * Builds the verifier of `Authorization: Bearer` ID tokens from the user pool's settings (pass
   * `createCognitoTokenVerifier`). Only a function serving token-guarded routes passes it; without
   * it no token is verified (those routes answer `401`).
   */
  createTokenVerifier?: (options: CognitoTokenVerifierOptions) => TokenVerifier;
}

/** What {@link createPaymentsFunction} built. */
export interface PaymentsFunction {
  /** The web-standard handler of the function's routes (wrap it with `createLambdaHandler`). */
  handler: PaymentsHandler;
  settings: PaymentsSettings;
  config: PaymentsHandlerConfig;
  deps: PaymentsHandlerDeps;
  timeouts: DependencyTimeouts;
  /** Releases the AWS clients built so far. */
  close(): void;
}

/** A value built by `load` on first use and kept; a failed load is forgotten, so the next use tries again. */
function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

/**
 * The composition root of one Lambda function of the split deployment: the same environment as
 * `createPaymentsFromEnv` (and the same handler configuration, checked by a test), but only the
 * clients the function's routes use, each built when first needed. DynamoDB is built at once
 * (every route and job reads it). Stripe comes from `parts.loadStripe`; webhook signatures are
 * checked without it. The Cognito client (`UserMember` sign-ups) and the SES client (outbox
 * emails) are imported dynamically on their first call, so a function whose requests never sign
 * anyone up or send mail never loads those SDKs. The token verifier exists only when the entry
 * passes `createTokenVerifier`. The operations jobs are built from the result by whoever runs them
 * (`createPaymentsOperations(fn.deps, fn.config)`), so an HTTP function does not carry the drainer.
 *
 * @throws PaymentsConfigError listing every missing or malformed variable
 * @example
 * ```ts
 * import { createLambdaHandler, createPaymentsFunction, webhookRoutes } from '@biztech/payments-http/lambda';
 * const payments = createPaymentsFunction(process.env, {
 *   routes: [webhookRoutes],
 *   loadStripe: async () => (await import('stripe')).default,
 * });
 * export const handler = createLambdaHandler(payments.handler);
 * ```
 */
export function createPaymentsFunction(env: PaymentsEnv, parts: PaymentsFunctionParts): PaymentsFunction {
  const settings = readPaymentsSettings(env, { identityProvided: false });
  const timeouts = resolveDependencyTimeouts();
  const closers: Array<() => void> = [];

  const local = settings.dynamoEndpoint !== undefined && env.AWS_ACCESS_KEY_ID === undefined;
  const client = new DynamoDBClient({
    region: settings.awsRegion,
    ...(settings.dynamoEndpoint ? { endpoint: settings.dynamoEndpoint } : {}),
    // DynamoDB Local accepts any credentials; without these the SDK would look for real ones.
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    // Without these the SDK waits for a stalled DynamoDB forever (no default timeout).
    ...awsClientTimeoutOptions(timeouts.dynamodb),
  });
  closers.push(() => client.destroy());
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tables = { tableSuffix: settings.tableSuffix, membershipYear: settings.membershipYear };
  const stores = createDynamoStores(doc, tables);

  const gateway = createLazyStripeGateway(async () => {
    const StripeClient = await parts.loadStripe();
    return new StripeClient(settings.stripeSecretKey, {
      ...(settings.stripeApiBase ?? {}),
      // The SDK's default is 80 s per attempt: far past Lambda's and the webhook caller's patience.
      ...stripeTimeoutOptions(timeouts.stripe),
    });
  });

  const cognito = settings.cognito as NonNullable<PaymentsSettings['cognito']>;
  const cognitoIdentity = onFirstUse(async () => {
    const built = (await import('./lazy-cognito-identity.ts')).cognitoIdentityOf(
      settings,
      cognito,
      timeouts.cognito,
    );
    closers.push(built.close);
    return built.identity;
  });
  const identity: IdentityProvider = { signUp: async (input) => (await cognitoIdentity()).signUp(input) };

  let email: PaymentsHandlerDeps['email'];
  const emailSettings = settings.email;
  if (emailSettings !== undefined) {
    const localEmail = emailSettings.endpoint !== undefined && env.AWS_ACCESS_KEY_ID === undefined;
    const sesSender = onFirstUse(async () => {
      const built = (await import('./lazy-ses-sender.ts')).sesEmailSenderOf(
        settings,
        emailSettings,
        timeouts.cognito,
        localEmail,
      );
      closers.push(built.close);
      return built.sender;
    });
    const sender: EmailSender = { send: async (message) => (await sesSender()).send(message) };
    email = createOutboxMailer({ sender, events: stores.events, ...offerLinkOption(settings.publicApiUrl) });
  }

  const tokens =
    parts.createTokenVerifier && settings.cognito
      ? parts.createTokenVerifier({
          userPoolId: settings.cognito.userPoolId,
          clientId: settings.cognito.clientId,
          ...(settings.cognito.endpoint ? { endpoint: settings.cognito.endpoint } : {}),
          adminEmailDomain: settings.adminEmailDomain,
        })
      : undefined;

  const deps: PaymentsHandlerDeps = {
    ...stores,
    ...(tokens ? { tokens } : {}),
    ...(email ? { email } : {}),
    gateway,
    identity,
    clock: { now: () => Date.now() },
    ids: createProfileIdGenerator(),
    readiness: { dynamodb: createDynamoReadinessProbe(doc, tables) },
  };
  const config: PaymentsHandlerConfig = handlerConfigOf(settings, timeouts);

  return {
    handler: createRouteFamilyHandler(deps, config, parts.routes),
    settings,
    config,
    deps,
    timeouts,
    close: () => {
      for (const close of closers) close();
    },
  };
}
