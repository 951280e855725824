export { createRouteFamilyHandler } from '../http/route-families/family-handler.ts';
export type { RouteFamily } from '../http/route-families/route-family.ts';
export { createPaymentsOperations, type PaymentsOperations } from '../operations/payments-operations.ts';
export { createLazyStripeGateway } from '../stripe/lazy-stripe-gateway.ts';
export type {
  AlbEvent,
  AlbResult,
  ApiGatewayV1Event,
  ApiGatewayV1Result,
  ApiGatewayV2Event,
  ApiGatewayV2Result,
  LambdaContext,
  LambdaHttpEvent,
} from './lambda-events.ts';
export {
  createLambdaHandler,
  type PaymentsLambdaHandler,
  toRequest,
  toV1Result,
  toV2Result,
} from './lambda-handler.ts';
export {
  createOperationsLambdaHandler,
  type DynamoStreamRecord,
  type OperationsLambdaEvent,
  type OperationsLambdaOptions,
  type OperationsLambdaResult,
} from './operations-handler.ts';
export {
  createPaymentsFunction,
  type PaymentsFunction,
  type PaymentsFunctionParts,
} from './payments-function.ts';
