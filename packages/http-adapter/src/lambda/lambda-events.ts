/** The payload 1.0 shape REST APIs and load balancers share, as far as the adapter reads it. */
interface PayloadV1Event {
  httpMethod: string;
  path: string;
  headers?: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  [key: string]: unknown;
}

/** An API Gateway REST API (payload 1.0) proxy event, as far as the adapter reads it. */
export interface ApiGatewayV1Event extends PayloadV1Event {
  requestContext?: { requestId?: string; domainName?: string; [key: string]: unknown } | null;
  [key: string]: unknown;
}

/** An HTTP API (payload 2.0) or Lambda Function URL event, as far as the adapter reads it. */
export interface ApiGatewayV2Event {
  version: '2.0';
  rawPath: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined> | null;
  cookies?: string[];
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: {
    http: { method: string; path?: string; [key: string]: unknown };
    requestId?: string;
    domainName?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** An Application Load Balancer event (Lambda target), as far as the adapter reads it. */
export interface AlbEvent extends PayloadV1Event {
  requestContext: { elb: { targetGroupArn: string }; [key: string]: unknown };
  [key: string]: unknown;
}

/** Any HTTP event the adapter accepts. */
export type LambdaHttpEvent = ApiGatewayV1Event | ApiGatewayV2Event | AlbEvent;

/** The result a REST API (payload 1.0) integration expects. */
export interface ApiGatewayV1Result {
  statusCode: number;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

/** The result an HTTP API (payload 2.0) or a Function URL expects. */
export interface ApiGatewayV2Result {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/**
 * The result an ALB expects: `multiValueHeaders` when the target group has multi-value headers on
 * (the event then has them too), else `headers`.
 */
export interface AlbResult {
  statusCode: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

/** The part of Lambda's context object the adapter reads. */
export interface LambdaContext {
  awsRequestId?: string;
  [key: string]: unknown;
}
