import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

/** The SDK's own exception classes, as DynamoDB would send them. */
export const awsFaults = {
  throttling: () =>
    new ThrottlingException({ message: 'Rate of requests exceeds the allowed throughput.', ...meta(400) }),
  throughput: () =>
    new ProvisionedThroughputExceededException({
      message: 'The level of configured provisioned throughput was exceeded',
      ...meta(400),
    }),
  internal: () => new InternalServerError({ message: 'Internal server error', ...meta(500) }),
  cancelled: (...codes: string[]) =>
    new TransactionCanceledException({
      message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
      CancellationReasons: codes.map((Code) => ({ Code })),
      ...meta(400),
    }),
  /** Another transaction holds one of the items right now (raised on its own, not as a cancellation). */
  conflict: () =>
    new TransactionConflictException({ message: 'Transaction is ongoing for the item', ...meta(400) }),
  validation: () =>
    Object.assign(new Error('One or more parameter values were invalid'), {
      name: 'ValidationException',
      $fault: 'client',
      ...meta(400),
    }),
  /** What Node's HTTP stack throws when the connection drops mid-request: no response, no `$metadata`. */
  connectionReset: () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
};
