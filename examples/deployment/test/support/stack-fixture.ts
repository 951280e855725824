import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PaymentsStack, type PaymentsStackProps } from '../../src/payments-stack.ts';
import { bundleToTempDir } from './lambda-bundle-dir.ts';
import { actionsOf, allStatements, resourcesOf, statementsOfRole, tableNameOf } from './template-json.ts';

/** The Secrets Manager secret the test stacks read the webhook secrets from. */
export const SECRET_ARN = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:biztech/payments/test-AbC123';

/** Each table of the test stacks (suffix `TEST`) with its keys as BizTech's tables have them. */
export const EXPECTED_KEYS: Record<string, { keys: Array<[string, 'HASH' | 'RANGE', 'S' | 'N']> }> = {
  biztechEventsTEST: {
    keys: [
      ['id', 'HASH', 'S'],
      ['year', 'RANGE', 'N'],
    ],
  },
  biztechUsersTEST: { keys: [['id', 'HASH', 'S']] },
  biztechMembers2026TEST: { keys: [['id', 'HASH', 'S']] },
  biztechRegistrationsTEST: {
    keys: [
      ['id', 'HASH', 'S'],
      ['eventID;year', 'RANGE', 'S'],
    ],
  },
  biztechProfilesTEST: {
    keys: [
      ['compositeID', 'HASH', 'S'],
      ['type', 'RANGE', 'S'],
    ],
  },
  biztechPaymentsTEST: {
    keys: [
      ['pk', 'HASH', 'S'],
      ['sk', 'RANGE', 'S'],
    ],
  },
};

/** The names of the six test tables. */
export const ALL_TABLES = Object.keys(EXPECTED_KEYS);

/**
 * The DynamoDB grants of the admin function (reconcile passes, the operator queue, the reads):
 * action → tables, nothing more.
 */
export const EXPECTED_GRANTS = {
  'dynamodb:GetItem': [...ALL_TABLES].sort(),
  // In transactions on these; the payments table twice: also the operations jobs' single writes.
  'dynamodb:PutItem': [
    'biztechMembers2026TEST',
    'biztechPaymentsTEST',
    'biztechPaymentsTEST',
    'biztechProfilesTEST',
    'biztechRegistrationsTEST',
  ],
  'dynamodb:UpdateItem': [
    'biztechPaymentsTEST',
    'biztechPaymentsTEST',
    'biztechRegistrationsTEST',
    'biztechUsersTEST',
  ],
  // Completed outbox items: alone, or inside the transaction that opens their stuck_event.
  'dynamodb:DeleteItem': ['biztechPaymentsTEST', 'biztechPaymentsTEST'],
  // The registrations of one event (the waitlist's order, lapsed holds), the due outbox, the queue.
  'dynamodb:Query': [
    'biztechPaymentsTEST/index/outbox-due',
    'biztechPaymentsTEST/index/queue-status',
    'biztechRegistrationsTEST/index/event-query',
  ],
  // The reconciler's list of events to recount.
  'dynamodb:Scan': ['biztechEventsTEST'],
};

/** The operations jobs' grants: the admin function's (the reconciler reads the open queue too). */
export const EXPECTED_OPERATIONS_GRANTS = EXPECTED_GRANTS;

/**
 * The DynamoDB grants of the webhooks and the checkout functions: reads, transitions (in
 * transactions), an event's registrations, and the fast path's outbox completion and retry.
 */
export const EXPECTED_REQUEST_GRANTS = {
  'dynamodb:GetItem': [...ALL_TABLES].sort(),
  'dynamodb:PutItem': [
    'biztechMembers2026TEST',
    'biztechPaymentsTEST',
    'biztechProfilesTEST',
    'biztechRegistrationsTEST',
  ],
  // The payments table twice: seat counters in transactions, outbox retries alone (OUTBOX# only).
  'dynamodb:UpdateItem': [
    'biztechPaymentsTEST',
    'biztechPaymentsTEST',
    'biztechRegistrationsTEST',
    'biztechUsersTEST',
  ],
  // A completed outbox item, alone (OUTBOX# only).
  'dynamodb:DeleteItem': ['biztechPaymentsTEST'],
  'dynamodb:Query': ['biztechRegistrationsTEST/index/event-query'],
};

/**
 * The checkout function's grants: the requests scope's, plus the hourly session counters
 * (`QUOTA#` only) and one person's registrations (a Query on the table itself).
 */
export const EXPECTED_CHECKOUT_GRANTS = {
  ...EXPECTED_REQUEST_GRANTS,
  'dynamodb:UpdateItem': [...EXPECTED_REQUEST_GRANTS['dynamodb:UpdateItem'], 'biztechPaymentsTEST'].sort(),
  'dynamodb:Query': ['biztechRegistrationsTEST', 'biztechRegistrationsTEST/index/event-query'],
};

/** What Lambda needs to read the payments table's stream (granted by the event source; tested on their own). */
export const STREAM_READ = new Set([
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
]);

/**
 * The DynamoDB table actions the template grants (to one role, when given), each with the
 * (sorted) names of its tables.
 */
export function dynamoGrants(template: Template, roleId?: string): Record<string, string[]> {
  const grants: Record<string, string[]> = {};
  for (const statement of roleId === undefined
    ? allStatements(template)
    : statementsOfRole(template, roleId)) {
    for (const action of actionsOf(statement).filter(
      (a) => a.startsWith('dynamodb:') && !STREAM_READ.has(a),
    )) {
      grants[action] = [
        ...(grants[action] ?? []),
        ...resourcesOf(statement).map((r) => tableNameOf(template, r)),
      ];
    }
  }
  for (const names of Object.values(grants)) names.sort();
  return grants;
}

/** Test stacks on a real Lambda bundle in a temporary folder (call `dispose` afterwards). */
export interface StackFixture {
  props(overrides?: Partial<PaymentsStackProps>): PaymentsStackProps;
  synth(overrides?: Partial<PaymentsStackProps>): Template;
  bundleDir: string;
  dispose(): Promise<void>;
}

/** Bundles the function once, then synthesizes test stacks with `Template.fromStack`. */
export async function createStackFixture(): Promise<StackFixture> {
  const bundle = await bundleToTempDir();
  const props = (overrides: Partial<PaymentsStackProps> = {}): PaymentsStackProps => ({
    stage: 'test',
    tableSuffix: 'TEST',
    allowedRedirectOrigins: ['https://app.ubcbiztech.com', 'http://localhost:3000'],
    clientUrl: 'https://app.ubcbiztech.com/',
    membershipYear: 2026,
    secrets: {
      stripeSecretKey: { ssmParameterName: '/biztech/payments/test/STRIPE_SECRET_KEY' },
      stripeWebhookSecret: { secretsManagerArn: SECRET_ARN, jsonField: 'STRIPE_WEBHOOK_SECRET' },
      stripeCancelWebhookSecret: { secretsManagerArn: SECRET_ARN, jsonField: 'STRIPE_CANCEL_WEBHOOK_SECRET' },
    },
    cognito: { userPoolId: 'us-west-2_TestPool1', clientId: 'testclientid123' },
    bundleDir: bundle.dir,
    env: { account: '123456789012', region: 'us-west-2' },
    ...overrides,
  });
  return {
    props,
    synth: (overrides = {}) =>
      Template.fromStack(new PaymentsStack(new App(), 'PaymentsTest', props(overrides))),
    bundleDir: bundle.dir,
    dispose: bundle.dispose,
  };
}
