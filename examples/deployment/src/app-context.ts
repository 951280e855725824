import { EXISTING_BIZTECH_TABLES, type TableRole } from './infra/payments-tables.ts';
import type { NodeRuntime, PaymentsSecrets, PaymentsStackProps } from './payments-stack.ts';

/** Reads one CDK context value (`app.node.tryGetContext`): from `cdk.json` or `-c key=value`. */
export type ContextReader = (key: string) => unknown;

/** What `src/app.ts` deploys: the stack's id and its settings. */
export interface AppSettings {
  stackId: string;
  props: PaymentsStackProps;
}

const NODE_RUNTIMES: readonly NodeRuntime[] = ['nodejs20.x', 'nodejs22.x', 'nodejs24.x'];
const TABLE_ROLES: readonly TableRole[] = [...EXISTING_BIZTECH_TABLES, 'payments'];

const text = (value: unknown): string | undefined =>
  value === undefined || value === null || String(value).trim() === '' ? undefined : String(value).trim();

function importMode(value: string): boolean | readonly TableRole[] {
  if (value === 'all' || value === 'true') return true;
  if (value === 'none' || value === 'false') return false;
  if (value === 'biztech') return EXISTING_BIZTECH_TABLES;
  const roles = value.split(',').map((r) => r.trim());
  for (const role of roles) {
    if (!TABLE_ROLES.includes(role as TableRole)) {
      throw new Error(
        `importExistingTables: "${role}" is not all, none, biztech or a table role (${TABLE_ROLES.join(', ')})`,
      );
    }
  }
  return roles as TableRole[];
}

/**
 * Turns CDK context into the stack's settings. Per-stage defaults live in `cdk.json` under
 * `stages.<stage>`; any key can be overridden with `-c key=value`. Secrets default to SSM
 * parameters under `/biztech/payments/<stage>/`; `-c secretsArn=<full ARN>` reads all Stripe
 * values from one Secrets Manager JSON secret instead. The Cognito ids are SSM parameters
 * resolved at deploy time unless given with `-c cognitoUserPoolId=… -c cognitoClientId=…`.
 *
 * @throws Error naming the context key that is missing or malformed
 * @example
 * ```ts
 * const app = new App();
 * const { stackId, props } = readAppSettings((key) => app.node.tryGetContext(key));
 * new PaymentsStack(app, stackId, props);
 * ```
 */
export function readAppSettings(context: ContextReader): AppSettings {
  const stage = text(context('stage')) ?? 'dev';
  if (!/^[a-z][a-z0-9-]*$/.test(stage))
    throw new Error(`stage "${stage}" must be lower-case letters, digits, -`);
  const stages = (context('stages') ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const defaults = stages[stage] ?? {};
  const get = (key: string) => text(context(key)) ?? text(defaults[key]);

  const clientUrl = get('clientUrl');
  if (clientUrl === undefined) {
    throw new Error(
      `no clientUrl for stage "${stage}": add stages.${stage} to cdk.json or pass -c clientUrl=…`,
    );
  }
  const allowedRedirectOrigins = (get('allowedRedirectOrigins') ?? new URL(clientUrl).origin)
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  const membershipYear = get('membershipYear');
  const prefix = get('parameterPrefix') ?? `/biztech/payments/${stage}`;
  const secretsArn = get('secretsArn');
  const secrets: PaymentsSecrets =
    secretsArn === undefined
      ? {
          stripeSecretKey: { ssmParameterName: `${prefix}/STRIPE_SECRET_KEY` },
          stripeWebhookSecret: { ssmParameterName: `${prefix}/STRIPE_WEBHOOK_SECRET` },
          stripeCancelWebhookSecret: { ssmParameterName: `${prefix}/STRIPE_CANCEL_WEBHOOK_SECRET` },
        }
      : {
          stripeSecretKey: { secretsManagerArn: secretsArn, jsonField: 'STRIPE_SECRET_KEY' },
          stripeWebhookSecret: { secretsManagerArn: secretsArn, jsonField: 'STRIPE_WEBHOOK_SECRET' },
          stripeCancelWebhookSecret: {
            secretsManagerArn: secretsArn,
            jsonField: 'STRIPE_CANCEL_WEBHOOK_SECRET',
          },
        };
  const nodeRuntime = get('nodeRuntime');
  if (nodeRuntime !== undefined && !NODE_RUNTIMES.includes(nodeRuntime as NodeRuntime)) {
    throw new Error(`nodeRuntime must be one of ${NODE_RUNTIMES.join(', ')}, got ${nodeRuntime}`);
  }
  const region = get('region');
  const account = get('account');

  return {
    stackId: `BizTechPayments${stage
      .split('-')
      .map((part) => `${part[0]?.toUpperCase()}${part.slice(1)}`)
      .join('')}`,
    props: {
      stage,
      tableSuffix: get('tableSuffix') ?? '',
      clientUrl,
      allowedRedirectOrigins,
      ...(membershipYear === undefined ? {} : { membershipYear: Number(membershipYear) }),
      secrets,
      cognito: {
        userPoolId: get('cognitoUserPoolId') ?? { ssmParameterName: `${prefix}/COGNITO_USER_POOL_ID` },
        clientId: get('cognitoClientId') ?? { ssmParameterName: `${prefix}/COGNITO_CLIENT_ID` },
      },
      ...(nodeRuntime === undefined ? {} : { nodeRuntime: nodeRuntime as NodeRuntime }),
      importExistingTables: importMode(get('importExistingTables') ?? 'biztech'),
      ...(region === undefined && account === undefined
        ? {}
        : { env: { ...(region ? { region } : {}), ...(account ? { account } : {}) } }),
    },
  };
}
