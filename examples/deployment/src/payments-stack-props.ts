import type { StackProps } from 'aws-cdk-lib';
import { Token } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import type { TableRole } from './infra/payments-tables.ts';
import type { SecretSource, SecretVariable } from './secret-source.ts';

/** Where each secret lives. Only these references reach the template, never the values. */
export interface PaymentsSecrets {
  /** Stripe's API key (`sk_live_…` / `sk_test_…`): `STRIPE_SECRET_KEY`. */
  stripeSecretKey: SecretSource;
  /** Signing secret of the `/payments/webhook` endpoint (`whsec_…`, comma-separated while rolling). */
  stripeWebhookSecret: SecretSource;
  /** Signing secret of the `/payments/cancel` endpoint; the webhook's secret when absent. */
  stripeCancelWebhookSecret?: SecretSource;
  /** Only when the Cognito app client has a client secret. */
  cognitoClientSecret?: SecretSource;
}

/**
 * A setting given as is, or the name of an SSM `String` parameter that CloudFormation reads at
 * deploy time (for identifiers kept beside the secrets; never for secrets, which would then
 * show in the function's configuration).
 */
export type DeployTimeValue = string | { ssmParameterName: string };

/** Lambda Node.js runtimes the bundle runs on. */
export type NodeRuntime = 'nodejs20.x' | 'nodejs22.x' | 'nodejs24.x';

/** The CDK runtime of each supported name. */
export const RUNTIMES: Record<NodeRuntime, Runtime> = {
  'nodejs20.x': Runtime.NODEJS_20_X,
  'nodejs22.x': Runtime.NODEJS_22_X,
  'nodejs24.x': Runtime.NODEJS_24_X,
};

/** Settings of {@link PaymentsStack}. */
export interface PaymentsStackProps extends StackProps {
  /** Deployment stage, e.g. `dev` or `prod`: tags every resource and labels the role and function. */
  stage: string;
  /** Appended to every table name (`TABLE_SUFFIX`), e.g. `PROD` gives `biztechUsersPROD`. */
  tableSuffix: string;
  /** Origins allowed in `success_url` / `cancel_url` and by CORS, e.g. `https://app.ubcbiztech.com`. */
  allowedRedirectOrigins: readonly string[];
  /** The frontend's base URL for default success / cancel URLs, e.g. `https://app.ubcbiztech.com/`. */
  clientUrl: string;
  /** The membership year sold (`MEMBERSHIP_YEAR`, picks `biztechMembers<year>`); 2026 unless given. */
  membershipYear?: number;
  secrets: PaymentsSecrets;
  /**
   * The user pool and app client that `UserMember` purchases sign users up with. `SignUp` is an
   * unauthenticated Cognito API, so the role gets no `cognito-idp` grant at all.
   */
  cognito: { userPoolId: DeployTimeValue; clientId: DeployTimeValue };
  /** Reference existing tables instead of creating them; see {@link PaymentsTables}. */
  importExistingTables?: boolean | readonly TableRole[];
  /**
   * `POST /payments` body style (`PAYMENT_RESPONSE`): `negotiate` (default: today's bare URL string,
   * the object with `Prefer: return=representation`), or one shape always.
   */
  paymentResponse?: 'negotiate' | 'object' | 'bare-string';
  /**
   * The function's runtime: `nodejs22.x` unless given. AWS deprecated `nodejs20.x` on 2026-04-30
   * and blocks creating functions with it from 2027-02-01; the bundle (esbuild target `node20`, the
   * version the workspace is tested on) runs unchanged on `nodejs22.x` and `nodejs24.x`.
   */
  nodeRuntime?: NodeRuntime;
  /** Folder holding the bundled function (`pnpm bundle` writes `dist/lambda`). */
  bundleDir?: string;
  /**
   * The verified SES sender of confirmation, offer and refund emails (`EMAIL_FROM`), e.g.
   * `payments@ubcbiztech.com`. Both functions may then call `ses:SendEmail` from that identity only
   * (the address or its domain); without it no email is sent and no SES grant exists.
   */
  emailFrom?: string;
  /** API Gateway throttling for the whole API; 50 requests/s with bursts of 100 unless given. */
  throttle?: { rateLimit: number; burstLimit: number };
}

/** The configured secrets keyed by the composition root's variable names, absent ones left out. */
export function secretsByVariable(secrets: PaymentsSecrets): Array<[SecretVariable, SecretSource]> {
  const entries: Array<[SecretVariable, SecretSource | undefined]> = [
    ['STRIPE_SECRET_KEY', secrets.stripeSecretKey],
    ['STRIPE_WEBHOOK_SECRET', secrets.stripeWebhookSecret],
    ['STRIPE_CANCEL_WEBHOOK_SECRET', secrets.stripeCancelWebhookSecret],
    ['COGNITO_CLIENT_SECRET', secrets.cognitoClientSecret],
  ];
  return entries.filter((entry): entry is [SecretVariable, SecretSource] => entry[1] !== undefined);
}

/**
 * Checks the CORS / redirect origins before they go into the template.
 *
 * @throws Error for an empty list or an entry that is not exactly `scheme://host[:port]`
 */
export function assertOrigins(origins: readonly string[]): void {
  if (origins.length === 0) throw new Error('allowedRedirectOrigins must name at least one origin');
  for (const origin of origins) {
    if (Token.isUnresolved(origin)) continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    // An origin is scheme://host[:port] exactly; a path or trailing slash never matches a browser's Origin.
    if (parsed === undefined || parsed.origin !== origin) {
      throw new Error(`allowedRedirectOrigins: "${origin}" is not an origin like https://app.ubcbiztech.com`);
    }
  }
}
