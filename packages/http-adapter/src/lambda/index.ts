export type {
  ApiGatewayV1Event,
  ApiGatewayV1Result,
  ApiGatewayV2Event,
  ApiGatewayV2Result,
  LambdaContext,
  LambdaHttpEvent,
} from './lambda-events.ts';
export { createLambdaHandler, type PaymentsLambdaHandler } from './lambda-handler.ts';
export { toRequest } from './to-request.ts';
export { toV1Result, toV2Result } from './to-result.ts';
