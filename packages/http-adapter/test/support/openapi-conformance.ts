import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** One answer the API gave during a test, kept to check it against the OpenAPI document. */
export interface RecordedResponse {
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: string;
}

interface Operation {
  responses?: Record<string, { content?: Record<string, unknown> }>;
}
type Document = { paths: Record<string, Record<string, Operation>> };

const pointerSegment = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Wraps a handler so each of its answers is recorded (method, path, status, body) for
 * {@link nonConformingResponses}.
 */
export function recordingResponses(
  handler: (request: Request) => Promise<Response>,
  into: RecordedResponse[],
): (request: Request) => Promise<Response> {
  return async (request) => {
    const response = await handler(request);
    into.push({
      method: request.method,
      path: new URL(request.url).pathname,
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: request.method === 'HEAD' ? '' : await response.clone().text(),
    });
    return response;
  };
}

/**
 * Checks recorded answers against the OpenAPI document: each must be a documented status of its
 * route, with a body valid against that status's JSON schema (ajv, JSON Schema 2020-12 as OpenAPI
 * 3.1 uses). Answers to paths or methods the document does not have must be the contract's `404` /
 * `405` errors (or a CORS preflight's `204`). Returns a line per answer that does not conform.
 */
export function nonConformingResponses(document: Document, recorded: readonly RecordedResponse[]): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'openapi');
  const errorBody = ajv.compile({
    type: 'object',
    required: ['error'],
    properties: { error: { type: 'object', required: ['code', 'message'] } },
  });
  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: string) => {
    let validate = validators.get(pointer);
    if (validate === undefined) {
      validate = ajv.getSchema(`openapi#${pointer}`);
      if (validate === undefined) throw new Error(`no schema at ${pointer}`);
      validators.set(pointer, validate);
    }
    return validate;
  };
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replaceAll(/\{[^}]+\}/g, '[^/]+')}/?$`),
  }));

  const problems: string[] = [];
  for (const r of recorded) {
    const what = `${r.method} ${r.path} → ${r.status}`;
    const template = templates.find((t) => t.pattern.test(r.path))?.template;
    const method = r.method === 'HEAD' ? 'get' : r.method.toLowerCase();
    const operation = template === undefined ? undefined : document.paths[template]?.[method];
    if (operation === undefined) {
      if (r.method === 'OPTIONS' && r.status === 204) continue;
      const json = r.contentType.includes('json')
        ? (JSON.parse(r.body) as { error?: { code?: string } })
        : {};
      const expected = template === undefined ? 'not_found' : 'method_not_allowed';
      if (!errorBody(json) || json.error?.code !== expected) problems.push(`${what}: not a documented route`);
      continue;
    }
    const response = operation.responses?.[String(r.status)];
    if (response === undefined) {
      problems.push(`${what}: status not documented for ${method.toUpperCase()} ${template}`);
      continue;
    }
    if (r.method === 'HEAD' || r.body === '') continue;
    const mediaType = r.contentType.split(';')[0]?.trim() ?? '';
    if (response.content?.[mediaType] === undefined) {
      problems.push(`${what}: ${mediaType} not documented`);
      continue;
    }
    if (mediaType !== 'application/json') continue;
    const pointer = ['paths', template, method, 'responses', String(r.status), 'content', mediaType, 'schema']
      .map((s) => pointerSegment(s as string))
      .join('/');
    const validate = validatorAt(`/${pointer}`);
    if (!validate(JSON.parse(r.body))) {
      problems.push(`${what}: ${ajv.errorsText(validate.errors)} in ${r.body.slice(0, 300)}`);
    }
  }
  return problems;
}
