import { z } from 'zod';

/**
 * The bounds every request body is held to, so that whatever DynamoDB or Stripe would refuse is a
 * `400` with a field issue instead of a failed write (README, "Input bounds").
 */
export const INPUT_BOUNDS = {
  /** Smallest magnitude of a non-zero number: DynamoDB's `1E-130`. */
  minNumberMagnitude: 1e-130,
  /**
   * Largest magnitude of a number: `Number.MAX_SAFE_INTEGER` (2^53 − 1). DynamoDB itself goes to
   * `9.99E+125`, but the document client (`@aws-sdk/lib-dynamodb`) refuses to marshal a JS number
   * above 2^53 − 1, and reads a stored one back as a `BigInt` or not at all.
   */
  maxNumberMagnitude: Number.MAX_SAFE_INTEGER,
  /** DynamoDB's precision. A JS number prints with at most 17 significant digits; checked anyway. */
  maxSignificantDigits: 38,
  /** Levels of lists and maps below a body's top-level field (DynamoDB allows 32 in an item). */
  maxDepth: 16,
  /**
   * Estimated stored size of a body's fields, in bytes (DynamoDB's item limit is 400 KB; the rest
   * is left for the keys, statuses and the machine snapshot stored next to the form).
   */
  maxStoredBytes: 350 * 1024,
  /** An email address (RFC 5321's limit); also what a Stripe metadata value carries. */
  maxEmailLength: 254,
  /** An event id; also what a Stripe metadata value carries. */
  maxEventIdLength: 100,
} as const;

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * True when a string is well-formed UTF-16 (no lone surrogate). A lone surrogate cannot be
 * encoded as UTF-8: DynamoDB and Stripe's form encoding (`encodeURIComponent`) refuse it.
 */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Bytes of a string in UTF-8 (a lone surrogate counts as the 3 bytes of U+FFFD). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Significant digits of a finite number as the document client sends it (its string form). */
export function significantDigits(n: number): number {
  const mantissa = Math.abs(n).toExponential().split('e')[0] ?? '';
  return mantissa.replace('.', '').replace(/0+$/, '').length || 1;
}

/** Why DynamoDB (through the document client) could not store `n`, or `undefined` when it can. */
export function numberProblem(n: number): string | undefined {
  if (!Number.isFinite(n)) return 'must be a finite number';
  if (n === 0) return undefined;
  const magnitude = Math.abs(n);
  if (magnitude < INPUT_BOUNDS.minNumberMagnitude) return 'must be 0 or at least 1e-130 in magnitude';
  if (magnitude > INPUT_BOUNDS.maxNumberMagnitude) {
    return `must be at most ${INPUT_BOUNDS.maxNumberMagnitude} in magnitude`;
  }
  // Its string form has at least as many characters as significant digits: count only when long.
  if (
    String(n).length > INPUT_BOUNDS.maxSignificantDigits &&
    significantDigits(n) > INPUT_BOUNDS.maxSignificantDigits
  )
    return 'must have at most 38 significant digits';
  return undefined;
}

const NOT_WELL_FORMED = 'must be valid Unicode text (no lone surrogates)';

/** Text that DynamoDB and Stripe accept: well-formed, at most `max` characters. */
export const storableText = (max: number) =>
  z.string().max(max).refine(isWellFormedText, { message: NOT_WELL_FORMED });

/** A number DynamoDB stores through the document client (see `INPUT_BOUNDS`). */
export const storableNumber = z.number().superRefine((n, ctx) => {
  const problem = numberProblem(n);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * Map keys the document client cannot store, or that a JS object cannot hold as data: a map with
 * an own `constructor` is taken for a class instance and refused by the marshaller, and
 * `__proto__` would be dropped (or replace the prototype) on the way.
 */
const RESERVED_KEYS = new Set(['constructor', '__proto__']);

/** A key of a stored map: DynamoDB refuses empty attribute names. */
export const storableKey = (max: number) =>
  z
    .string()
    .min(1, { message: 'must not be empty' })
    .max(max)
    .refine(isWellFormedText, { message: NOT_WELL_FORMED })
    .refine((key) => !RESERVED_KEYS.has(key), { message: 'must not be "constructor" or "__proto__"' });

/**
 * A map of `value`s under `storableKey`s whose key issues say what is wrong with the key (zod's
 * own message is only "Invalid key in record").
 */
export const storableRecord = <V extends z.ZodType>(maxKeyLength: number, value: V) =>
  z.record(storableKey(maxKeyLength), value, {
    error: (issue) =>
      issue.code === 'invalid_key'
        ? `map key ${issue.issues[0]?.message ?? 'is not valid'} (at most ${maxKeyLength} characters, not empty, not "constructor")`
        : undefined,
  });

/** What {@link measureStored} found. */
export interface StoredMeasure {
  /** Estimated bytes DynamoDB counts for the value (an upper bound of its accounting). */
  bytes: number;
  /** Path of a list or map nested deeper than `maxDepth`, if any. */
  tooDeepAt?: (string | number)[];
}

/**
 * Estimates what DynamoDB counts for a value, following its documented sizes and rounding up:
 * strings their UTF-8 bytes, numbers 1 byte per two characters of their string form plus 2
 * (at most 21), booleans and null 1, lists and maps 3 plus 1 per element (plus the key's
 * bytes). `undefined` is not stored. Nesting below `maxDepth` levels is reported, not walked.
 */
export function measureStored(value: unknown, maxDepth: number = INPUT_BOUNDS.maxDepth): StoredMeasure {
  const result: StoredMeasure = { bytes: 0 };
  const path: (string | number)[] = [];
  const walk = (v: unknown, depth: number): number => {
    if (v === undefined) return 0;
    if (v === null || typeof v === 'boolean') return 1;
    if (typeof v === 'string') return utf8ByteLength(v);
    // The string form has at least one character per significant digit: an upper bound.
    if (typeof v === 'number') return Math.min(21, Math.ceil(String(v).length / 2) + 2);
    if (typeof v !== 'object') return 21;
    if (depth > maxDepth) {
      result.tooDeepAt ??= [...path];
      return 3;
    }
    let bytes = 3;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        bytes += 1 + walk(v[i], depth + 1);
        path.pop();
      }
    } else {
      for (const [key, element] of Object.entries(v)) {
        if (element === undefined) continue;
        path.push(key);
        bytes += 1 + utf8ByteLength(key) + walk(element, depth + 1);
        path.pop();
      }
    }
    return bytes;
  };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    // The body itself is the item: its fields are top-level attributes.
    for (const [key, field] of Object.entries(value)) {
      if (field === undefined) continue;
      path.push(key);
      result.bytes += utf8ByteLength(key) + walk(field, 1);
      path.pop();
    }
  } else {
    result.bytes = walk(value, 0);
  }
  return result;
}

/**
 * A zod check for a body whose fields are stored as one DynamoDB item: nesting at most
 * `maxDepth` levels and an estimated size of at most `maxStoredBytes`. The size issue names the
 * body's largest field.
 */
export function checkStoredBody(body: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const measure = measureStored(body);
  if (measure.tooDeepAt !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: measure.tooDeepAt,
      message: `must not nest lists or maps more than ${INPUT_BOUNDS.maxDepth} levels deep`,
    });
  }
  if (measure.bytes > INPUT_BOUNDS.maxStoredBytes) {
    let largest: string | undefined;
    let largestBytes = -1;
    for (const [key, field] of Object.entries(body)) {
      const bytes = measureStored({ [key]: field }).bytes;
      if (bytes > largestBytes) {
        largest = key;
        largestBytes = bytes;
      }
    }
    ctx.addIssue({
      code: 'custom',
      path: largest === undefined ? [] : [largest],
      message: `the body is about ${measure.bytes} bytes as stored; the limit is ${INPUT_BOUNDS.maxStoredBytes}`,
    });
  }
}
