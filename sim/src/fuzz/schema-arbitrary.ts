import fc from 'fast-check';

/** A JSON Schema (2020-12, as OpenAPI 3.1 writes it), as far as the generator reads it. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  example?: unknown;
}

/** Resolves `#/components/schemas/…` references against the document. */
export type RefResolver = (ref: string) => JsonSchema;

/** Values known to name stored records (a seeded email, event id, year), by property or parameter name. */
export type Hints = Readonly<Record<string, readonly unknown[]>>;

/** Anything at all for one value: wrong kinds, edges of numbers and text, nesting. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    'a\udfffb',
    '😀'.repeat(300),
    'x'.repeat(5_001),
    '1e400',
    '__proto__',
  ),
  fc.double(),
  fc.integer(),
  fc.constantFrom(-0, -1, 1e-131, 1e126, Number.MAX_SAFE_INTEGER + 2, Number.MAX_VALUE),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const strings = (s: JsonSchema, hint: readonly unknown[] | undefined) => {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 60, min + 60);
  const options: fc.WeightedArbitrary<unknown>[] = [
    { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: max }) },
  ];
  const add = (arbitrary: fc.Arbitrary<unknown>, weight = 1) => options.push({ weight, arbitrary });
  if (s.pattern) {
    try {
      add(
        fc
          .stringMatching(new RegExp(s.pattern))
          .filter((v) => v.length >= min && v.length <= (s.maxLength ?? 1e9)),
      );
    } catch {
      // A pattern fast-check cannot invert: the plain strings stand in for it.
    }
  }
  if (s.format === 'uri') add(fc.webUrl());
  if (s.format === 'email') add(fc.emailAddress());
  if (typeof s.example === 'string') add(fc.constant(s.example));
  // Hinted values most often: a request naming a stored record gets past validation to the stores.
  if (hint?.length) add(fc.constantFrom(...hint), 6);
  // Around the length bound, where limits are enforced.
  if (s.maxLength !== undefined) add(fc.constantFrom('a'.repeat(s.maxLength), 'a'.repeat(s.maxLength + 1)));
  return fc.oneof(...options);
};

const numbers = (s: JsonSchema, integer: boolean, hint: readonly unknown[] | undefined) => {
  const bounds = { min: s.minimum ?? -1e9, max: s.maximum ?? 1e9 };
  const options: fc.WeightedArbitrary<unknown>[] = [
    { weight: 1, arbitrary: integer ? fc.integer(bounds) : fc.double({ ...bounds, noNaN: true }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ...[s.minimum, s.maximum]
          .filter((v): v is number => v !== undefined)
          .flatMap((v) => [v, v - 1, v + 1]),
        0,
      ),
    },
  ];
  if (hint?.length) options.push({ weight: 6, arbitrary: fc.constantFrom(...hint) });
  return fc.oneof(...options);
};

/**
 * Values that follow `schema` (types, enums, bounds, required properties, patterns where
 * fast-check can invert them), with hinted values for named properties so generated requests name
 * records that exist. Near-valid on purpose: string bounds are probed one past the limit.
 */
export function schemaArbitrary(
  schema: JsonSchema,
  resolve: RefResolver,
  hints: Hints = {},
  depth = 0,
  name = '',
): fc.Arbitrary<unknown> {
  const s = schema.$ref ? resolve(schema.$ref) : schema;
  const hint = hints[name];
  if (depth > 6) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives)
    return fc.oneof(...alternatives.map((a) => schemaArbitrary(a, resolve, hints, depth + 1, name)));
  if (s.allOf)
    return schemaArbitrary(
      Object.assign({}, ...s.allOf.map((a) => (a.$ref ? resolve(a.$ref) : a))),
      resolve,
      hints,
      depth + 1,
      name,
    );
  const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : [];
  if (type.length > 1)
    return fc.oneof(...type.map((t) => schemaArbitrary({ ...s, type: t }, resolve, hints, depth + 1, name)));
  switch (type[0]) {
    case 'string':
      return strings(s, hint);
    case 'integer':
      return numbers(s, true, hint);
    case 'number':
      return numbers(s, false, hint);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schemaArbitrary(s.items ?? {}, resolve, hints, depth + 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 4, (s.minItems ?? 0) + 4),
      });
    case 'object': {
      const properties = Object.fromEntries(
        Object.entries(s.properties ?? {}).map(([key, p]) => [
          key,
          schemaArbitrary(p, resolve, hints, depth + 1, key),
        ]),
      );
      const extra =
        typeof s.additionalProperties === 'object'
          ? fc.dictionary(
              fc.string({ minLength: 1, maxLength: 8 }),
              schemaArbitrary(s.additionalProperties, resolve, hints, depth + 1),
              { maxKeys: 3 },
            )
          : fc.constant({});
      return fc
        .tuple(
          fc.record(properties, { requiredKeys: (s.required ?? []).filter((k) => k in properties) }),
          extra,
        )
        .map(([known, more]) => ({ ...more, ...known }));
    }
    default:
      return anyValue;
  }
}

/**
 * A value that follows `schema` (or one of `examples`, valid bodies as today's frontend sends
 * them), then often has one property swapped for anything or dropped.
 */
export function nearValid(
  schema: JsonSchema,
  resolve: RefResolver,
  hints: Hints,
  examples: readonly unknown[] = [],
): fc.Arbitrary<unknown> {
  const start =
    examples.length > 0
      ? fc.oneof(schemaArbitrary(schema, resolve, hints), fc.constantFrom(...examples))
      : schemaArbitrary(schema, resolve, hints);
  return fc
    .tuple(start, fc.nat(), fc.oneof(anyValue, fc.constant(undefined)), fc.boolean())
    .map(([value, n, swap, mutate]) => {
      if (!mutate || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const keys = Object.keys(value);
      if (keys.length === 0) return value;
      const key = keys[n % keys.length] as string;
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      if (swap === undefined) delete copy[key];
      else copy[key] = swap;
      return copy;
    });
}
