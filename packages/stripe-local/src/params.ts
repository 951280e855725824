import { invalidRequest, parameterMissing } from './errors.js';
import type { FormObject, FormValue } from './form-encoding.js';

/**
 * Typed readers over a decoded form. Each one names the offending parameter in Stripe's bracket
 * notation, so errors carry the same `param` Stripe would report.
 */

/** Stripe's documented metadata limits. */
export const METADATA_LIMITS = { maxKeys: 50, maxKeyLength: 40, maxValueLength: 500 } as const;

/** Reads an optional string; an object or array where a string belongs is a 400. */
export function optionalString(value: FormValue | undefined, param: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw invalidRequest(`Invalid string: expected a string for ${param}.`, { param });
  return value;
}

/** Reads a required, non-empty string. */
export function requiredString(value: FormValue | undefined, param: string): string {
  const text = optionalString(value, param);
  if (text === undefined) throw parameterMissing(param);
  if (text === '') {
    throw invalidRequest(
      `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
      {
        param,
        code: 'parameter_invalid_empty',
      },
    );
  }
  return text;
}

/** Reads an optional integer; `12.5` or `abc` is a 400 `parameter_invalid_integer`. */
export function optionalInteger(value: FormValue | undefined, param: string): number | undefined {
  const text = optionalString(value, param);
  if (text === undefined || text === '') return undefined;
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw invalidRequest(`Invalid integer: ${text}`, { param, code: 'parameter_invalid_integer' });
  }
  return Number(text);
}

/** Reads an optional boolean sent as `true`/`false`. */
export function optionalBoolean(value: FormValue | undefined, param: string): boolean | undefined {
  const text = optionalString(value, param);
  if (text === undefined || text === '') return undefined;
  if (text !== 'true' && text !== 'false') throw invalidRequest(`Invalid boolean: ${text}`, { param });
  return text === 'true';
}

/** Reads an optional list of strings (`a[]=x`, `a[0]=x`). */
export function optionalStringArray(value: FormValue | undefined, param: string): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  if (!Array.isArray(value)) throw invalidRequest(`Invalid array: expected a list for ${param}.`, { param });
  return value.map((item, index) => {
    if (typeof item !== 'string')
      throw invalidRequest(`Invalid string in ${param}.`, { param: `${param}[${index}]` });
    return item;
  });
}

/** Reads an optional nested object (`a[b]=...`). */
export function optionalObject(value: FormValue | undefined, param: string): FormObject | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidRequest(`Invalid object: expected a hash for ${param}.`, { param });
  }
  return value;
}

/**
 * Reads `metadata` and enforces Stripe's limits (50 keys, 40-character keys, 500-character values);
 * like Stripe, every limit violation reports the hash itself as `param` (`metadata`,
 * `payment_intent_data[metadata]`), here with code `parameter_invalid_string`. Empty values are
 * dropped, since on Stripe an empty value unsets the key.
 */
export function readMetadata(value: FormValue | undefined, param = 'metadata'): Record<string, string> {
  if (value === undefined || value === '') return {};
  if (typeof value !== 'object') throw invalidRequest(`Invalid hash: ${param} must be a hash.`, { param });
  // The decoder turns all-numeric keys into an array; metadata keys are always strings, so undo that.
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  if (entries.length > METADATA_LIMITS.maxKeys) {
    throw invalidRequest(
      `Invalid metadata: metadata can have up to ${METADATA_LIMITS.maxKeys} keys, but you passed in ${entries.length} keys.`,
      { param, code: 'parameter_invalid_string' },
    );
  }
  const metadata: Record<string, string> = {};
  for (const [key, item] of entries) {
    if (key.length > METADATA_LIMITS.maxKeyLength) {
      throw invalidRequest(
        `Invalid key: ${key} must be a string of at most ${METADATA_LIMITS.maxKeyLength} characters`,
        { param, code: 'parameter_invalid_string' },
      );
    }
    if (typeof item !== 'string' || item.length > METADATA_LIMITS.maxValueLength) {
      const shown = typeof item === 'string' ? `${item.slice(0, 20)}...` : JSON.stringify(item);
      throw invalidRequest(
        `Invalid val: ${shown} must be a string of at most ${METADATA_LIMITS.maxValueLength} characters`,
        { param, code: 'parameter_invalid_string' },
      );
    }
    if (item !== '') metadata[key] = item;
  }
  return metadata;
}

/** Reads `expand` (`expand[]=line_items`) as a set of paths. */
export function readExpand(form: FormObject): Set<string> {
  return new Set(optionalStringArray(form.expand, 'expand') ?? []);
}
