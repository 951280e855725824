import { consoleLogger } from '@biztech/payments-http';
import { type LocalStack, startLocalStack } from './local-stack.ts';

// The local stack's composition root: the only place here that reads the environment.
const env = process.env;
// The pinned AWS SDK warns on every start that releases after January 2027 need Node 22. It is
// emitted with type `Warning`, so `--disable-warning=<name>` cannot match it; the SDK's own switch can.
// The toolchain pins Node 20 and this SDK version on purpose (README, TOOLCHAIN), so the line is noise here.
env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const num = (name: string, fallback: number) => {
  const raw = env[name];
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    console.error(`${name} must be a port number, got ${raw}`);
    process.exit(2);
  }
  return n;
};

/** Which Stripe the stack talks to, for the banner. */
function stripeLine(stack: LocalStack): string {
  if (stack.stripeLocal) return stack.stripeUrl ?? '';
  if (stack.stripeUrl) return `${stack.stripeUrl} (STRIPE_API_BASE; no local Stripe server started)`;
  return `Stripe test mode (use: stripe listen --forward-to ${stack.apiUrl}/payments/webhook)`;
}

/** The user pool and sign-in lines of the banner (CONTRACT §4): what a Cognito client needs for `InitiateAuth`. */
function cognitoLines(stack: LocalStack): string {
  const pool = stack.cognito;
  if (!pool) return '  Cognito                none (set COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID)\n';
  const lines = [
    `  Cognito endpoint       ${pool.endpoint}`,
    `  Cognito user pool id   ${pool.userPoolId}`,
    `  Cognito app client id  ${pool.clientId}  (InitiateAuth, USER_PASSWORD_AUTH)`,
  ];
  const origin = (generated: boolean, variable: string) =>
    generated ? `generated; set ${variable} to choose` : variable;
  const { admin, user } = stack.accounts ?? {};
  if (admin) {
    lines.push(
      `  Admin sign-in          ${admin.email} / ${admin.password}  (group ${admin.groups.join(', ')}; password ${origin(admin.generated, 'ADMIN_PASSWORD')})`,
    );
  }
  if (user) {
    lines.push(
      `  Demo user sign-in      ${user.email} / ${user.password}  (not an admin; password ${origin(user.generated, 'DEMO_USER_PASSWORD')})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const started = Date.now();
const log = (line: string) => console.log(`[local-stack] ${line}`);

try {
  const stack = await startLocalStack({
    port: num('PORT', 4000),
    stripePort: num('STRIPE_PORT', 12111),
    dynamoPort: num('DYNAMODB_PORT', 8000),
    cognitoPort: num('COGNITO_PORT', 0),
    env,
    progress: log,
    logger: consoleLogger,
    operationsLog: log,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
BizTech Payments local stack is ready (${seconds} s)

  Demo page              ${stack.apiUrl}/
  Payments API           ${stack.apiUrl}  (GET /health)
  API reference          ${stack.apiUrl}/docs  (OpenAPI 3.1: ${stack.apiUrl}/openapi.json)
  Stripe-compatible API  ${stripeLine(stack)}
${stack.stripeFaultKnobs ? `  Stripe fault knobs     ${stack.stripeFaultKnobs}\n` : ''}\
  DynamoDB endpoint      ${stack.dynamoEndpoint}
${cognitoLines(stack)}\
  Webhook secret         ${stack.webhookSecret}
  Webhook URLs           ${stack.apiUrl}/payments/webhook, ${stack.apiUrl}/payments/cancel
  Promotion codes        HALFOFF (50% off), FREE100 (100% off)
  Sent mail              ${stack.mailUrl ?? `SES (${env.SES_ENDPOINT ?? 'AWS'})`}
  Reconciler             every ${stack.schedule.reconcileIntervalS} s (RECONCILE_INTERVAL_S), now: npm run reconcile
  Outbox drainer         every ${stack.schedule.outboxPollMs} ms (OUTBOX_POLL_MS)

Press Ctrl-C to stop.
`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    await stack.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  console.error(`[local-stack] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
