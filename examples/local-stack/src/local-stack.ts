import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type CognitoLocal,
  type DynamoLocal,
  freePort,
  LOCAL_AWS,
  type SesLocal,
  startCognitoLocal,
  startDynamoLocal,
  startSesLocal,
} from '@biztech/dev-services';
import { createTables } from '@biztech/payments-aws';
import type { PaymentsLogger } from '@biztech/payments-http';
import { createPaymentsFromEnv, type Payments } from '@biztech/payments-http/env';
import { createServer } from '@biztech/payments-http/node';
import {
  createStripeLocal,
  type StripeLocal,
  type StripeLocalFaults,
  type StripeLocalOptions,
} from '@biztech/stripe-local';
import { createDemoAccounts, type DemoAccounts, demoAccountsFromEnv } from './cognito-accounts.ts';
import { confirmedSignUps } from './confirmed-sign-ups.ts';
import { buildDemoAssets } from './demo-bundle.ts';
import { seedDemoData } from './demo-data.ts';
import { createDemoRoutes } from './demo-routes.ts';
import {
  type OperationsSchedule,
  operationsScheduleFromEnv,
  startOperationsSchedule,
} from './operations-schedule.ts';
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
  /** Lines of the in-process reconciler and outbox drainer; silent unless given. */
  operationsLog?: (line: string) => void;
}

/** A running local stack. */
export interface LocalStack {
  /** The API and the demo page, e.g. `http://127.0.0.1:4000`. */
  apiUrl: string;
  /** The Stripe-compatible API in use: ours, or `STRIPE_API_BASE` (absent in Stripe test mode). */
  stripeUrl: string | undefined;
  /** Our own local Stripe server, when the stack started it (not with `STRIPE_API_BASE` or test mode). */
  stripeLocal: StripeLocal | undefined;
  /** The non-zero fault knobs of our Stripe server, e.g. `STRIPE_LOCAL_API_FAIL=0.1`; undefined when all are off. */
  stripeFaultKnobs: string | undefined;
  dynamoEndpoint: string;
  cognitoEndpoint: string | undefined;
  /** The user pool the API verifies ID tokens against (cognito-local's, or `COGNITO_*`'s), when there is one. */
  cognito: UserPoolInUse | undefined;
  /** The admin and demo-user accounts created in cognito-local; undefined with an outside pool. */
  accounts: DemoAccounts | undefined;
  webhookSecret: string;
  cancelWebhookSecret: string;
  tableSuffix: string;
  /** Where sent mail can be read (aws-ses-v2-local's page), when the stack started it. */
  mailUrl: string | undefined;
  /** The local SES (aws-ses-v2-local) the stack started, to read sent mail. */
  ses: SesLocal | undefined;
  /** How often the reconciler and the outbox drainer run. */
  schedule: OperationsSchedule;
  payments: Payments;
  /** Stops everything this call started, in reverse order. */
  stop(): Promise<void>;
}

/** Where a Cognito client signs in: the endpoint `InitiateAuth` is sent to, the pool and its app client. */
export interface UserPoolInUse {
  endpoint: string;
  userPoolId: string;
  clientId: string;
}

/** The user pool of `COGNITO_*` (AWS's regional endpoint unless `COGNITO_ENDPOINT`), or undefined. */
function outsidePool(env: Record<string, string | undefined>): UserPoolInUse | undefined {
  const userPoolId = env.COGNITO_USER_POOL_ID;
  const clientId = env.COGNITO_CLIENT_ID;
  if (!userPoolId || !clientId) return undefined;
  // A pool id is `<region>_<id>`; Cognito's API lives at the region's own host.
  const region = userPoolId.split('_')[0];
  return {
    endpoint: env.COGNITO_ENDPOINT ?? `https://cognito-idp.${region}.amazonaws.com/`,
    userPoolId,
    clientId,
  };
}

const port = (value: number | undefined, fallback: number) =>
  value === 0 ? freePort() : Promise.resolve(value ?? fallback);

/** CONTRACT §4's fault knobs of the local Stripe server: environment variable → `faults` option. */
const STRIPE_FAULT_KNOBS = {
  STRIPE_LOCAL_WEBHOOK_DROP: 'webhookDrop',
  STRIPE_LOCAL_WEBHOOK_DUPLICATE: 'webhookDuplicate',
  STRIPE_LOCAL_WEBHOOK_DELAY_MS: 'webhookDelayMs',
  STRIPE_LOCAL_API_FAIL: 'apiFail',
} as const satisfies Record<string, keyof StripeLocalFaults>;

/**
 * Reads the `STRIPE_LOCAL_*` fault knobs (unset or empty = 0).
 *
 * @throws Error naming the variable when a probability is outside 0–1 or the delay is not a whole number ≥ 0.
 */
export function stripeFaultsFromEnv(env: Record<string, string | undefined>): StripeLocalFaults {
  const faults: StripeLocalFaults = {};
  for (const [name, knob] of Object.entries(STRIPE_FAULT_KNOBS)) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    const delay = knob === 'webhookDelayMs';
    if (delay ? !(Number.isSafeInteger(value) && value >= 0) : !(value >= 0 && value <= 1)) {
      const expected = delay ? 'a whole number of milliseconds (0 or more)' : 'a probability from 0 to 1';
      throw new Error(`${name} must be ${expected}, got "${raw}"`);
    }
    faults[knob] = value;
  }
  return faults;
}

/** The knobs in force that are not 0, as `NAME=value` pairs, or undefined when every one is off. */
function describeFaults(faults: Required<StripeLocalFaults>): string | undefined {
  const active = Object.entries(STRIPE_FAULT_KNOBS).filter(([, knob]) => faults[knob] !== 0);
  return active.length ? active.map(([name, knob]) => `${name}=${faults[knob]}`).join(', ') : undefined;
}

/**
 * Starts the whole flow on 127.0.0.1: DynamoDB Local (tables created, demo events seeded), the local
 * Stripe-compatible server (signed webhooks to the API), cognito-local (for `UserMember` sign-ups
 * and the admin routes' ID tokens, with the `ADMIN_EMAIL` admin and the demo user signed up), the
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
    const stripeFaults = stripeFaultsFromEnv(env);
    // Read before anything starts, so a bad ADMIN_EMAIL or ADMIN_PASSWORD stops the start at once.
    const wantedAccounts = env.COGNITO_USER_POOL_ID ? undefined : demoAccountsFromEnv(env);

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
    let accounts: DemoAccounts | undefined;
    if (cognito && wantedAccounts) {
      say('creating the admin and demo-user accounts in cognito-local…');
      const admin = cognito.client();
      try {
        await createDemoAccounts(admin, cognito.userPoolId, wantedAccounts);
      } finally {
        admin.destroy();
      }
      accounts = wantedAccounts;
    }
    // The API's sign-ups go to cognito-local through the production provider, confirmed at once
    // (cognito-local mails no confirmation code), so `UserMember` buyers can sign in.
    const signUpClient = cognito?.client();
    if (signUpClient) stops.push(() => signUpClient.destroy());
    const userPool: UserPoolInUse | undefined = cognito
      ? { endpoint: cognito.endpoint, userPoolId: cognito.userPoolId, clientId: cognito.clientId }
      : outsidePool(env);

    let ses: SesLocal | undefined;
    if (!env.EMAIL_FROM && !env.SES_ENDPOINT) {
      say('starting aws-ses-v2-local…');
      ses = await startSesLocal();
      stops.push(() => ses?.stop());
    }
    const schedule = operationsScheduleFromEnv(env);

    const webhookSecret = env.STRIPE_WEBHOOK_SECRET ?? newWebhookSecret();
    const cancelWebhookSecret = env.STRIPE_CANCEL_WEBHOOK_SECRET ?? webhookSecret;
    // Three ways to reach Stripe: an outside Stripe-compatible server (`STRIPE_API_BASE`, e.g.
    // stripe-mock: we start none of our own), Stripe's test mode (an `sk_test_` key and no base),
    // or our own local server (the default).
    const externalStripe = env.STRIPE_API_BASE;
    const realStripe = Boolean(env.STRIPE_SECRET_KEY?.startsWith('sk_test_') && !externalStripe);
    let stripeLocal: StripeLocal | undefined;
    let stripeUrl: string | undefined = externalStripe;
    if ((realStripe || externalStripe) && Object.values(stripeFaults).some((value) => value !== 0)) {
      say('STRIPE_LOCAL_* fault knobs ignored: no local Stripe server is started');
    }
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
        faults: stripeFaults,
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
        PUBLIC_API_URL: env.PUBLIC_API_URL ?? apiUrl,
        ...(ses ? { EMAIL_FROM: 'payments@ubcbiztech.com', SES_ENDPOINT: ses.endpoint } : {}),
        ...(cognito
          ? {
              COGNITO_USER_POOL_ID: cognito.userPoolId,
              COGNITO_CLIENT_ID: cognito.clientId,
              COGNITO_ENDPOINT: cognito.endpoint,
            }
          : {}),
      },
      {
        dynamo: doc,
        ...(cognito && signUpClient ? { identity: confirmedSignUps(signUpClient, cognito) } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
      },
    );
    stops.push(() => payments.close());
    const stopSchedule = startOperationsSchedule(
      payments.operations,
      schedule,
      options.operationsLog ?? (() => {}),
    );
    stops.push(stopSchedule);

    say('bundling the demo page…');
    const demo = createDemoRoutes({
      assets: await buildDemoAssets(),
      doc,
      tableSuffix,
      stores: payments.deps,
      clock: payments.deps.clock,
      reconcile: () => payments.operations.reconcile(),
      signIn: userPool && { endpoint: userPool.endpoint, clientId: userPool.clientId },
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
      stripeFaultKnobs: stripeLocal && describeFaults(stripeLocal.faults()),
      dynamoEndpoint,
      cognitoEndpoint: cognito?.endpoint,
      cognito: userPool,
      accounts,
      webhookSecret,
      cancelWebhookSecret,
      tableSuffix,
      mailUrl: ses?.url,
      ses,
      schedule,
      payments,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
