import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as FunctionTarget } from 'aws-cdk-lib/aws-events-targets';
import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  type Code,
  FilterCriteria,
  FilterRule,
  type Function as LambdaFunction,
  type Runtime,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { PaymentsFunction } from './payments-function.ts';
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
  /** The operations bundle's folder (`<bundleDir>/operations`). */
  code: Code;
  /** What the jobs may do: the `operations` table scope, the secrets, SES (the stream reads are added here). */
  statements: readonly PolicyStatement[];
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
  readonly function: PaymentsFunction;
  readonly handler: LambdaFunction;
  readonly schedule: Rule;

  constructor(scope: Construct, id: string, props: OperationsJobsProps) {
    super(scope, id);
    this.function = new PaymentsFunction(this, 'Function', {
      description: `BizTech payments outbox drainer and reconciler (${props.stage})`,
      runtime: props.runtime,
      code: props.code,
      timeout: OPERATIONS_TIMEOUT,
      statements: props.statements,
      environment: props.environment,
    });
    this.handler = this.function.handler;

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
