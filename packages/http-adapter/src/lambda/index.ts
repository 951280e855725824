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
