import type { PaymentsHandler } from '../handler.ts';
import {
  type ApiGatewayV1Event,
  type ApiGatewayV1Result,
  type ApiGatewayV2Event,
  type ApiGatewayV2Result,
  isV2Event,
  type LambdaContext,
  type LambdaHttpEvent,
} from './lambda-events.ts';
import { toRequest } from './to-request.ts';
import { toV1Result, toV2Result } from './to-result.ts';

/** A Lambda handler answering each event flavour with its own result shape. */
export interface PaymentsLambdaHandler {
  (event: ApiGatewayV2Event, context?: LambdaContext): Promise<ApiGatewayV2Result>;
  (event: ApiGatewayV1Event, context?: LambdaContext): Promise<ApiGatewayV1Result>;
  (event: LambdaHttpEvent, context?: LambdaContext): Promise<ApiGatewayV1Result | ApiGatewayV2Result>;
}

const BROKEN_EVENT = JSON.stringify({ error: { code: 'internal', message: 'the event could not be read' } });

/**
 * Wraps the web-standard handler for AWS Lambda behind API Gateway REST APIs (payload 1.0), HTTP
 * APIs (payload 2.0) and Function URLs. It never throws: an event it cannot read is answered 500.
 *
 * @example
 * ```ts
 * import { createPaymentsFromEnv } from '@biztech/payments-http/env';
 * import { createLambdaHandler } from '@biztech/payments-http/lambda';
 *
 * export const handler = createLambdaHandler(createPaymentsFromEnv().handler);
 * ```
 */
export function createLambdaHandler(handler: PaymentsHandler): PaymentsLambdaHandler {
  const run = async (event: LambdaHttpEvent, context?: LambdaContext) => {
    const v2 = typeof event === 'object' && event !== null && isV2Event(event);
    let response: Response;
    try {
      response = await handler(toRequest(event, context));
    } catch {
      response = new Response(BROKEN_EVENT, { status: 500, headers: { 'content-type': 'application/json' } });
    }
    return v2 ? toV2Result(response) : toV1Result(response);
  };
  return run as PaymentsLambdaHandler;
}
