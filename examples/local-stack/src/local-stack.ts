import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type CognitoLocal,
  type DynamoLocal,
  freePort,
  LOCAL_AWS,
  startCognitoLocal,
  startDynamoLocal,
} from '@biztech/dev-services';
import { createTables } from '@biztech/payments-aws';
import type { PaymentsLogger } from '@biztech/payments-http';
import { createPaymentsFromEnv, type Payments } from '@biztech/payments-http/env';
import { createServer } from '@biztech/payments-http/node';
import { createStripeLocal, type StripeLocal, type StripeLocalOptions } from '@biztech/stripe-local';
import { buildDemoAssets } from './demo-bundle.ts';
import { seedDemoData } from './demo-data.ts';
import { createDemoRoutes } from './demo-routes.ts';
import { newWebhookSecret } from './secrets.ts';

/** Options of {@link startLocalStack}. Ports default to CONTRACT §4's; 0 picks a free one. */
export interface LocalStackOptions {
  port?: number;
  stripePort?: number;
  dynamoPort?: number;
  cognitoPort?: number;
  /** The environment the stack reads (CONTRACT §3); `process.env` in `main.ts`. */
  env?: Record<string, string | undefined>;
  /** Progress lines while starting. */
  progress?: (line: string) => void;
  /** The API's request log; silent unless given. */
  logger?: PaymentsLogger;
  /** Extra options for the local Stripe server (e.g. `duplicateDeliveries`, `asyncPayments`). */
  stripe?: Partial<StripeLocalOptions>;
}

/** A running local stack. */
export interface LocalStack {
  /** The API and the demo page, e.g. `http://127.0.0.1:4000`. */
  apiUrl: string;
  /** The Stripe-compatible API in use: ours, or `STRIPE_API_BASE` (absent in Stripe test mode). */
  stripeUrl: string | undefined;
  /** Our own local Stripe server, when the stack started it (not with `STRIPE_API_BASE` or test mode). */
  stripeLocal: StripeLocal | undefined;
  dynamoEndpoint: string;
  cognitoEndpoint: string | undefined;
  webhookSecret: string;
  cancelWebhookSecret: string;
  tableSuffix: string;
  payments: Payments;
  /** Stops everything this call started, in reverse order. */
  stop(): Promise<void>;
}

const port = (value: number | undefined, fallback: number) =>
  value === 0 ? freePort() : Promise.resolve(value ?? fallback);

/**
 * Starts the whole flow on 127.0.0.1: DynamoDB Local (tables created, demo events seeded), the local
 * Stripe-compatible server (signed webhooks to the API), cognito-local (for `UserMember`), the
 * payments API and the demo page. The same adapter code as production; only endpoints differ.
 * With `DYNAMODB_ENDPOINT`, a real `STRIPE_SECRET_KEY` (and no `STRIPE_API_BASE`) or
 * `COGNITO_USER_POOL_ID` in `env`, the matching local part is not started and the real one is used.
 * With `STRIPE_API_BASE`, no Stripe server is started and every Stripe call goes there.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const env = options.env ?? {};
  const say = options.progress ?? (() => {});
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    const apiPort = await port(options.port, 4000);
    const host = '127.0.0.1';
    const apiUrl = `http://${host}:${apiPort}`;
    const tableSuffix = env.TABLE_SUFFIX ?? '';

    let dynamoEndpoint = env.DYNAMODB_ENDPOINT;
    if (!dynamoEndpoint) {
      say('starting DynamoDB Local (java)…');
      const dynamo: DynamoLocal = await startDynamoLocal({ port: await port(options.dynamoPort, 8000) });
      stops.push(() => dynamo.stop());
      dynamoEndpoint = dynamo.endpoint;
    }
    const client = new DynamoDBClient({ endpoint: dynamoEndpoint, ...LOCAL_AWS });
    stops.push(() => client.destroy());
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    say('creating tables and seeding demo events…');
    await createTables(client, { tableSuffix });
    await seedDemoData(doc, tableSuffix, apiUrl);

    let cognito: CognitoLocal | undefined;
    if (!env.COGNITO_USER_POOL_ID) {
      say('starting cognito-local…');
      cognito = await startCognitoLocal({ port: await port(options.cognitoPort, 0) });
      stops.push(() => cognito?.stop());
    }

    const webhookSecret = env.STRIPE_WEBHOOK_SECRET ?? newWebhookSecret();
    const cancelWebhookSecret = env.STRIPE_CANCEL_WEBHOOK_SECRET ?? webhookSecret;
    // Three ways to reach Stripe: an outside Stripe-compatible server (`STRIPE_API_BASE`, e.g.
    // stripe-mock: we start none of our own), Stripe's test mode (an `sk_test_` key and no base),
    // or our own local server (the default).
    const externalStripe = env.STRIPE_API_BASE;
    const realStripe = Boolean(env.STRIPE_SECRET_KEY?.startsWith('sk_test_') && !externalStripe);
    let stripeLocal: StripeLocal | undefined;
    let stripeUrl: string | undefined = externalStripe;
    if (!realStripe && !externalStripe) {
      say('starting the local Stripe server…');
      stripeLocal = createStripeLocal({
        webhookEndpoints: [
          { url: `${apiUrl}/payments/webhook`, secret: webhookSecret },
          {
            url: `${apiUrl}/payments/cancel`,
            secret: cancelWebhookSecret,
            types: ['checkout.session.expired'],
          },
        ],
        ...options.stripe,
      });
      stripeUrl = (await stripeLocal.listen(await port(options.stripePort, 12111), host)).url;
      stops.push(() => stripeLocal?.close());
    }

    const payments = createPaymentsFromEnv(
      {
        ...env,
        PORT: String(apiPort),
        STRIPE_SECRET_KEY: stripeLocal ? 'sk_test_local' : (env.STRIPE_SECRET_KEY ?? 'sk_test_local'),
        ...(stripeUrl ? { STRIPE_API_BASE: stripeUrl } : {}),
        STRIPE_WEBHOOK_SECRET: webhookSecret,
        STRIPE_CANCEL_WEBHOOK_SECRET: cancelWebhookSecret,
        DYNAMODB_ENDPOINT: dynamoEndpoint,
        TABLE_SUFFIX: tableSuffix,
        ALLOWED_REDIRECT_ORIGINS: env.ALLOWED_REDIRECT_ORIGINS ?? apiUrl,
        CLIENT_URL: env.CLIENT_URL ?? `${apiUrl}/`,
        ...(cognito
          ? {
              COGNITO_USER_POOL_ID: cognito.userPoolId,
              COGNITO_CLIENT_ID: cognito.clientId,
              COGNITO_ENDPOINT: cognito.endpoint,
            }
          : {}),
      },
      { dynamo: doc, ...(options.logger ? { logger: options.logger } : {}) },
    );
    stops.push(() => payments.close());

    say('bundling the demo page…');
    const demo = createDemoRoutes({
      assets: await buildDemoAssets(),
      doc,
      tableSuffix,
      stores: payments.deps,
      clock: payments.deps.clock,
      info: {
        api: apiUrl,
        stripe: stripeUrl ?? 'Stripe test mode',
        dynamodb: dynamoEndpoint,
        cognito: cognito?.endpoint ?? env.COGNITO_ENDPOINT ?? 'AWS Cognito',
      },
    });
    const server: Server = createServer(
      async (request) => (await demo(request)) ?? payments.handler(request),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(apiPort, host, () => resolve());
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    return {
      apiUrl,
      stripeUrl,
      stripeLocal,
      dynamoEndpoint,
      cognitoEndpoint: cognito?.endpoint,
      webhookSecret,
      cancelWebhookSecret,
      tableSuffix,
      payments,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
