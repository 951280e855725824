import type { ProxyResult } from './lambda-types.ts';

/** Today's CORS headers of every `services/registrations` response (`lib/handlerHelpers.js`). */
const HEADERS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': true };

/** A response in today's shape: JSON body, today's headers. */
export function respond(statusCode: number, body: unknown): ProxyResult {
  return { statusCode, headers: { ...HEADERS }, body: JSON.stringify(body) };
}

/**
 * A refusal the handlers answer with. The body keeps today's `message` (what today's clients
 * show) and adds a machine-readable `code`, plus `reason` or `issues` where they help.
 */
export class ServiceError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(statusCode: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ServiceError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
  }

  /** The response today's clients get for this refusal. */
  toResponse(): ProxyResult {
    return respond(this.statusCode, { message: this.message, code: this.code, ...this.details });
  }
}

/** `409 change_refused`: the machine does not make this change from the registration's state. */
export const changeRefused = (reason: string, message: string) =>
  new ServiceError(409, 'change_refused', message, { reason });

/** Parses a proxy event's body as JSON; `406 invalid_json` (today's input error status) when it is not. */
export function parseJsonBody(body: string | null | undefined): unknown {
  try {
    return JSON.parse(body ?? '');
  } catch {
    throw new ServiceError(406, 'invalid_json', 'the request body is not JSON');
  }
}
