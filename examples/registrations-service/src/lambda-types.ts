/**
 * The part of an API Gateway proxy event (REST API v1, as `serverless.yml` wires today's
 * `services/registrations`) these handlers read. An HTTP API (v2) event has the same fields.
 */
export interface ProxyEvent {
  body?: string | null;
  pathParameters?: Record<string, string | undefined> | null;
  requestContext?: {
    authorizer?: {
      /** REST API Cognito user pool authorizer: the ID token's claims. */
      claims?: Record<string, unknown>;
      /** HTTP API JWT authorizer. */
      jwt?: { claims?: Record<string, unknown> };
    } | null;
  } | null;
}

/** What a handler answers, as today's `helpers.createResponse` builds it. */
export interface ProxyResult {
  statusCode: number;
  headers: Record<string, string | boolean>;
  body: string;
}
