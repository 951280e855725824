import { HANDLED_STRIPE_EVENT_TYPES } from '@biztech/payments-http';
import fc from 'fast-check';
import {
  anyValue,
  type Hints,
  type JsonSchema,
  nearValid,
  type RefResolver,
  schemaArbitrary,
} from './schema-arbitrary.ts';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
  security?: unknown[];
}
/** The parts of an OpenAPI 3.1 document the fuzz reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** One documented route: method and path template, as `GET /openapi.json` lists it. */
export interface Route {
  method: string;
  template: string;
  operation: Operation;
}

/** How a generated webhook is signed when it is sent (the signature covers the final bytes). */
export type Signing = 'valid' | 'stale' | 'wrong secret' | { header: string } | 'none';

/** One generated request, before it is sent. */
export interface FuzzRequest {
  method: string;
  /** Path and query, encoded. */
  target: string;
  headers: Record<string, string>;
  body: string | undefined;
  signing: Signing;
  /** The documented method, and path parameters that are non-empty and decode: the answer must match the document. */
  documented: boolean;
}

const decodes = (segment: string) => {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
};

/** Every route of the document, in its order: new routes are fuzzed without touching the fuzz. */
export function routesOf(document: OpenApiDocument): Route[] {
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      template,
      operation,
    })),
  );
}

/** Resolves `$ref`s into the document's component schemas. */
export function resolverOf(document: OpenApiDocument): RefResolver {
  return (ref) => {
    const name = ref.replace('#/components/schemas/', '');
    const schema = document.components?.schemas?.[name];
    if (!schema) throw new Error(`unresolvable $ref ${ref}`);
    return schema;
  };
}

/** Text of any kind: unicode with lone surrogates, JSON of any shape, raw bytes. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.constantFrom('', '{', '[]', 'null', '1e400', '{"a":1e400}', '\ud800'),
);

/** A path segment: hinted values (records that exist), the parameter's schema, or hostile escapes. */
const segment = (parameter: Parameter, resolve: RefResolver, hints: Hints) =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .constantFrom(...(hints[parameter.name] ?? ['x']))
        .map((v) => encodeURIComponent(String(v))),
    },
    {
      weight: 3,
      arbitrary: schemaArbitrary(parameter.schema, resolve, hints).map((v) => encodeURIComponent(String(v))),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }).map(encodeURIComponent) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '%ED%A0%80',
        '%',
        '%zz',
        '..',
        '%2F',
        '%00',
        'A'.repeat(3_000),
        '%20',
        '-1',
        '1e400',
      ),
    },
  );

const queryValue = (parameter: Parameter, resolve: RefResolver, hints: Hints) =>
  fc.option(fc.oneof(schemaArbitrary(parameter.schema, resolve, hints).map(String), anyText), {
    nil: undefined,
  });

const JSON_TYPE = 'application/json';
const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant(JSON_TYPE) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'APPLICATION/JSON',
      'application/jsonx',
      '',
    ),
  },
);

/** A Stripe event of a handled type (or not) around an object of near-session shape naming hinted records. */
const stripeEvent = (hints: Hints) =>
  fc
    .record(
      {
        id: fc.oneof(
          fc.string({ minLength: 1, maxLength: 40 }).map((s) => `evt_${s}`),
          anyValue,
        ),
        type: fc.oneof(
          fc.constantFrom(...HANDLED_STRIPE_EVENT_TYPES),
          fc.string({ maxLength: 40 }),
          anyValue,
        ),
        created: fc.oneof(fc.integer({ min: 0, max: 4_102_444_800 }), anyValue),
        data: fc.record(
          {
            object: fc.record(
              {
                id: fc.oneof(
                  fc.string({ maxLength: 60 }).map((s) => `cs_test_${s}`),
                  anyValue,
                ),
                object: fc.constantFrom('checkout.session', 'charge', 'refund', 'payment_intent'),
                payment_status: fc.oneof(fc.constantFrom('paid', 'unpaid', 'no_payment_required'), anyValue),
                amount_total: fc.oneof(fc.constantFrom(1999, 1000, 0, -1), anyValue),
                currency: fc.oneof(fc.constantFrom('cad', 'usd', 'CAD'), anyValue),
                payment_intent: fc.oneof(
                  fc.string({ maxLength: 30 }).map((s) => `pi_${s}`),
                  anyValue,
                ),
                metadata: fc.oneof(
                  fc.record(
                    {
                      paymentType: fc.oneof(
                        fc.constantFrom('Event', 'Member', 'UserMember', 'OAuthMember'),
                        anyValue,
                      ),
                      email: fc.oneof(fc.constantFrom(...(hints.email ?? ['a@ubc.ca'])), anyValue),
                      eventID: fc.oneof(fc.constantFrom(...(hints.eventID ?? ['x'])), anyValue),
                      year: fc.oneof(fc.constantFrom('2026', 2026), anyValue),
                      attempt: fc.oneof(fc.constantFrom('1', '2'), anyValue),
                    },
                    { requiredKeys: [] },
                  ),
                  anyValue,
                ),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    )
    .map((event) => JSON.stringify(event));

/** Pads a JSON body to about `size` bytes with one stray field (limits answer 413, never 5xx). */
const padded = (body: fc.Arbitrary<string>) =>
  fc
    .tuple(body, fc.constantFrom(10_000, 65_000, 70_000, 1_100_000))
    .map(([json, size]) =>
      json.startsWith('{') && json.length > 2 ? `{"pad":"${'p'.repeat(size)}",${json.slice(1)}` : json,
    );

/**
 * Requests for one route: its documented path parameters, queries and body schema (near-valid
 * values that often name seeded records, one field swapped, any text, oversized bodies, no body),
 * content types, an admin's bearer token or a broken one, webhook signatures valid or not, and
 * now and then another method.
 */
export function requestArbitrary(
  route: Route,
  document: OpenApiDocument,
  hints: Hints,
  adminToken: string,
  examples: readonly unknown[] = [],
): fc.Arbitrary<FuzzRequest> {
  const resolve = resolverOf(document);
  const parameters = route.operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const isWebhook = parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'stripe-signature');
  const jsonSchema = route.operation.requestBody?.content?.[JSON_TYPE]?.schema;
  const validBody: fc.Arbitrary<string> = isWebhook
    ? stripeEvent(hints)
    : jsonSchema
      ? nearValid(jsonSchema, resolve, hints, examples).map((v) => JSON.stringify(v) ?? '')
      : anyText;
  const body = fc.oneof(
    { weight: jsonSchema ? 8 : 1, arbitrary: validBody },
    { weight: 2, arbitrary: anyText },
    { weight: 1, arbitrary: padded(validBody) },
    { weight: jsonSchema ? 1 : 6, arbitrary: fc.constant(undefined) },
  );
  const authorization = fc.oneof(
    { weight: route.operation.security ? 8 : 1, arbitrary: fc.constant(`Bearer ${adminToken}`) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        `Bearer ${adminToken.slice(0, -4)}AAAA`,
        'Bearer a.b.c',
        'Basic YWRtaW46YWRtaW4=',
        'Bearer ',
        '',
      ),
    },
    { weight: route.operation.security ? 1 : 6, arbitrary: fc.constant(undefined) },
  );
  const signing: fc.Arbitrary<Signing> = isWebhook
    ? fc.oneof(
        { weight: 6, arbitrary: fc.constant<Signing>('valid') },
        { weight: 1, arbitrary: fc.constantFrom<Signing>('stale', 'wrong secret', 'none') },
        { weight: 1, arbitrary: fc.string({ maxLength: 120 }).map((header): Signing => ({ header })) },
      )
    : fc.constant<Signing>('none');
  const method = fc.oneof(
    { weight: 19, arbitrary: fc.constant(route.method) },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH') },
  );
  return fc
    .record({
      method,
      segments: fc.tuple(...pathParams.map((p) => segment(p, resolve, hints))),
      query: fc.tuple(...queryParams.map((p) => queryValue(p, resolve, hints))),
      body,
      contentType,
      authorization,
      signing,
    })
    .map((r) => {
      let path = route.template;
      pathParams.forEach((p, i) => {
        path = path.replace(`{${p.name}}`, r.segments[i] as string);
      });
      const query = new URLSearchParams();
      queryParams.forEach((p, i) => {
        const value = r.query[i];
        if (value !== undefined) query.set(p.name, value);
      });
      const search = query.toString();
      const sendsBody = r.body !== undefined && r.method !== 'GET';
      const headers: Record<string, string> = {};
      if (sendsBody && r.contentType !== '') headers['content-type'] = r.contentType;
      if (r.authorization !== undefined) headers.authorization = r.authorization;
      return {
        method: r.method,
        target: search ? `${path}?${search}` : path,
        headers,
        body: sendsBody ? r.body : undefined,
        signing: r.signing,
        documented: r.method === route.method && r.segments.every((v) => v !== '' && decodes(v as string)),
      };
    });
}
