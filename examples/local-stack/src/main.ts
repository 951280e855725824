import { consoleLogger } from '@biztech/payments-http';
import { startLocalStack } from './local-stack.ts';

// The local stack's composition root: the only place here that reads the environment.
const env = process.env;
const num = (name: string, fallback: number) => {
  const raw = env[name];
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    console.error(`${name} must be a port number, got ${raw}`);
    process.exit(2);
  }
  return n;
};

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
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
BizTech Payments local stack is ready (${seconds} s)

  Demo page              ${stack.apiUrl}/
  Payments API           ${stack.apiUrl}  (GET /health)
  Stripe-compatible API  ${stack.stripeUrl ?? `Stripe test mode (use: stripe listen --forward-to ${stack.apiUrl}/payments/webhook)`}
  DynamoDB endpoint      ${stack.dynamoEndpoint}
  Cognito endpoint       ${stack.cognitoEndpoint ?? env.COGNITO_ENDPOINT ?? 'AWS'}
  Webhook secret         ${stack.webhookSecret}
  Webhook URLs           ${stack.apiUrl}/payments/webhook, ${stack.apiUrl}/payments/cancel
  Promotion codes        HALFOFF (50% off), FREE100 (100% off)

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
