import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as FunctionTarget } from 'aws-cdk-lib/aws-events-targets';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  type Code,
  FilterCriteria,
  FilterRule,
  Function as LambdaFunction,
  type Runtime,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { OPERATIONS_HANDLER } from '../bundle-location.ts';
import type { PaymentsTables } from './payments-tables.ts';

/** How often the reconciler runs (issue 10: every 15 minutes). */
export const RECONCILE_SCHEDULE = Duration.minutes(15);

/**
 * The function's timeout: a stream batch waits up to 40 s for its earliest outbox item to fall due
 * (the handler's `maxWaitMs`, covering the fast path's 30 s grace) and then drains; a reconcile
 * pass over a long outage replays days of Stripe events (about 14 ms each on DynamoDB Local, so a
 * thousand take ~15 s). Five minutes covers both with room; a pass cut short resumes from its checkpoint.
 */
export const OPERATIONS_TIMEOUT = Duration.minutes(5);

/** Settings of {@link OperationsJobs}. */
export interface OperationsJobsProps {
  stage: string;
  tables: PaymentsTables;
  runtime: Runtime;
  /** The bundle folder holding `operations.mjs` (the API's bundle). */
  code: Code;
  /** The API function's role: the jobs drive the same ports with the same grants. */
  role: IRole;
  environment: Record<string, string>;
}

/**
 * The outbox drainer and the reconciler (CONTRACT §5), one function with two triggers:
 * - the payments table's DynamoDB Stream, filtered to inserted or modified `OUTBOX#` items, so
 *   only outbox work invokes it (every other write of the table is ignored by Lambda, unbilled);
 *   a failing batch is halved to find the record that fails, and retried a bounded number of times
 *   (the schedule's sweep picks up anything left);
 * - an EventBridge rule every 15 minutes: one reconciliation pass (Stripe's event list, lapsed
 *   holds and offers, seat recount, outbox sweep).
 * Without a stream (the payments table imported) the schedule alone drains the outbox.
 */
export class OperationsJobs extends Construct {
  readonly handler: LambdaFunction;
  readonly schedule: Rule;

  constructor(scope: Construct, id: string, props: OperationsJobsProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    logGroup.grantWrite(props.role);
    this.handler = new LambdaFunction(this, 'Handler', {
      description: `BizTech payments outbox drainer and reconciler (${props.stage})`,
      runtime: props.runtime,
      architecture: Architecture.ARM_64,
      handler: OPERATIONS_HANDLER,
      code: props.code,
      memorySize: 512,
      timeout: OPERATIONS_TIMEOUT,
      role: props.role,
      logGroup,
      environment: props.environment,
    });

    const stream = props.tables.paymentsStreamTable;
    if (stream !== undefined) {
      this.handler.addEventSource(
        new DynamoEventSource(stream, {
          startingPosition: StartingPosition.LATEST,
          batchSize: 100,
          maxBatchingWindow: Duration.seconds(1),
          bisectBatchOnError: true,
          retryAttempts: 3,
          filters: [
            FilterCriteria.filter({
              eventName: FilterRule.or('INSERT', 'MODIFY'),
              dynamodb: { Keys: { pk: { S: FilterRule.beginsWith('OUTBOX#') } } },
            }),
          ],
        }),
      );
    }

    this.schedule = new Rule(this, 'ReconcileSchedule', {
      description: `BizTech payments reconciliation pass (${props.stage})`,
      schedule: Schedule.rate(RECONCILE_SCHEDULE),
      targets: [new FunctionTarget(this.handler, { retryAttempts: 2 })],
    });
  }
}
