import type { z } from 'zod';
import type { RequestIssue } from '../errors.ts';
import { httpError } from './json-response.ts';

/** Zod issues as the API reports them: where, and what is wrong (never the offending value). */
export function issuesOf(error: z.core.$ZodError): RequestIssue[] {
  return error.issues.slice(0, 50).map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: issue.message,
  }));
}

/**
 * The `defaultHook` of the payments app: a body that fails its zod schema is `400 invalid_body`, a
 * path or query that fails its schema `400 invalid_params`, each with the zod issues.
 *
 * @throws PaymentsHttpError rendered by the app's error handler
 */
export function refuseInvalidInput(
  result: { target: string } & ({ success: true } | { success: false; error: z.core.$ZodError }),
): undefined {
  if (result.success) return;
  const params = result.target === 'param' || result.target === 'query';
  throw httpError(
    params ? 'invalid_params' : 'invalid_body',
    400,
    `the ${params ? 'path or query' : 'request body'} is not valid`,
    { issues: issuesOf(result.error) },
  );
}
