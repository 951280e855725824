import type { z } from 'zod';
import type { RequestIssue } from '../errors.ts';
import { httpError } from './json-response.ts';

const tooLarge = (limit: number) =>
  httpError('payload_too_large', 413, `the request body is larger than ${limit} bytes`);

/**
 * Reads a request body as text, refusing more than `limit` bytes without buffering them: the
 * declared `content-length` is checked first, then the stream is counted as it arrives.
 *
 * @throws PaymentsHttpError 413 `payload_too_large`
 */
export async function readText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * Reads and parses a JSON body.
 *
 * @throws PaymentsHttpError 400 `invalid_json` for an empty or unparsable body, 413 when too large
 */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  const text = await readText(request, limit);
  if (text.trim() === '') throw httpError('invalid_json', 400, 'the request body must be JSON');
  try {
    return JSON.parse(text);
  } catch {
    throw httpError('invalid_json', 400, 'the request body is not valid JSON');
  }
}

/** Zod issues as the API reports them: where, and what is wrong (never the offending value). */
export function issuesOf(error: z.ZodError): RequestIssue[] {
  return error.issues.slice(0, 50).map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: issue.message,
  }));
}

/**
 * Validates input with a schema.
 *
 * @throws PaymentsHttpError 400 with `code` (`invalid_body` or `invalid_params`) and the issues
 */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  code: 'invalid_body' | 'invalid_params' = 'invalid_body',
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const what = code === 'invalid_body' ? 'request body' : 'path';
    throw httpError(code, 400, `the ${what} is not valid`, { issues: issuesOf(parsed.error) });
  }
  return parsed.data;
}
