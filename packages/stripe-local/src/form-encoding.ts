/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracketed keys for nesting,
 * e.g. `line_items[0][price_data][currency]=cad`, `metadata[key]=v`, `expand[]=line_items`.
 */

/** A decoded form value: every leaf is a string, as on the wire. */
export type FormValue = string | FormValue[] | FormObject;

/** A decoded form object (the top level of every request body). */
export interface FormObject {
  [key: string]: FormValue;
}

/** A value {@link encodeForm} accepts; `undefined` entries are skipped, `null` becomes an empty string. */
export type EncodableValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | Date
  | readonly EncodableValue[]
  | { readonly [key: string]: EncodableValue };

/** Raised when a body cannot be decoded, e.g. `a=1&a[b]=2` uses `a` as both a value and an object. */
export class FormEncodingError extends Error {
  /** The key that could not be placed. */
  readonly key: string;

  constructor(key: string, message: string) {
    super(message);
    this.name = 'FormEncodingError';
    this.key = key;
  }
}

/**
 * Splits a bracketed key into its path: `a[b][0][]` → `['a', 'b', '0', '']`.
 *
 * A key that is not well-formed (no root before the first bracket, or unbalanced brackets) is kept
 * whole as a single literal key rather than guessed at.
 */
export function parseFormKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    const match = /^\[([^[\]]*)\]/.exec(rest);
    if (!match) return [key];
    segments.push(match[1] ?? '');
    rest = rest.slice(match[0].length);
  }
  return segments;
}

// Decoding builds a tree of Maps first: writing user-chosen keys such as `__proto__` into plain objects
// would modify prototypes, and a Map also lets arrays and objects be told apart only once all keys are known.
type Node = { kind: 'leaf'; value: string } | { kind: 'branch'; children: Map<string, Node> };

const INDEX = /^(?:0|[1-9]\d*)$/;

function nextIndex(children: Map<string, Node>): string {
  let next = 0;
  for (const key of children.keys()) {
    if (INDEX.test(key)) next = Math.max(next, Number(key) + 1);
  }
  return String(next);
}

function insert(root: Map<string, Node>, path: string[], value: string, rawKey: string): void {
  let children = root;
  for (let i = 0; i < path.length; i += 1) {
    const isLast = i === path.length - 1;
    // `[]` appends: each occurrence starts a new element, as in `expand[]=a&expand[]=b`.
    const segment = path[i] === '' && i > 0 ? nextIndex(children) : (path[i] ?? '');
    const existing = children.get(segment);
    if (isLast) {
      if (existing?.kind === 'branch') {
        throw new FormEncodingError(
          rawKey,
          `Invalid form body: \`${rawKey}\` is both a value and an object.`,
        );
      }
      // A repeated scalar key keeps the last value, which is what Stripe does.
      children.set(segment, { kind: 'leaf', value });
      return;
    }
    if (existing?.kind === 'leaf') {
      throw new FormEncodingError(rawKey, `Invalid form body: \`${rawKey}\` is both a value and an object.`);
    }
    if (existing) {
      children = existing.children;
    } else {
      const branch: Node = { kind: 'branch', children: new Map() };
      children.set(segment, branch);
      children = branch.children;
    }
  }
}

function materialize(node: Node): FormValue {
  if (node.kind === 'leaf') return node.value;
  const keys = [...node.children.keys()];
  // All-numeric keys are an array, compacted in index order; anything else is an object.
  if (keys.length > 0 && keys.every((key) => INDEX.test(key))) {
    return keys
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => materialize(node.children.get(key) as Node));
  }
  return Object.fromEntries(keys.map((key) => [key, materialize(node.children.get(key) as Node)]));
}

/**
 * Decodes a form-encoded body or query string into nested objects and arrays.
 *
 * Objects whose keys are all array indices become arrays, so `expand[0]=x` (what the `stripe` SDK
 * sends) and `expand[]=x` (what curl users write) decode alike.
 *
 * @param body - the raw body or query string, with or without a leading `?`.
 * @throws {@link FormEncodingError} when a key is used both as a value and as an object.
 */
export function decodeForm(body: string): FormObject {
  const root = new Map<string, Node>();
  const params = new URLSearchParams(body.startsWith('?') ? body.slice(1) : body);
  for (const [key, value] of params) {
    if (key === '') continue;
    insert(root, parseFormKey(key), value, key);
  }
  return materialize({ kind: 'branch', children: root }) as FormObject;
}

function encodePart(text: string): string {
  // Brackets stay readable, like the `stripe` SDK sends them; the decoder accepts both forms.
  return encodeURIComponent(text).replace(/%5B/gi, '[').replace(/%5D/gi, ']');
}

function scalar(value: string | number | boolean | null | Date): string {
  if (value === null) return '';
  if (value instanceof Date) return String(Math.floor(value.getTime() / 1000));
  return String(value);
}

/**
 * Encodes a value the way the `stripe` SDK does: indexed arrays (`a[0]=x`), bracketed objects,
 * dates as Unix seconds. Useful for clients that are not the SDK, such as tests using `fetch`.
 */
export function encodeForm(data: { readonly [key: string]: EncodableValue }): string {
  const pairs: string[] = [];
  const visit = (key: string, value: EncodableValue): void => {
    if (value === undefined) return;
    if (value === null || typeof value !== 'object' || value instanceof Date) {
      pairs.push(`${encodePart(key)}=${encodePart(scalar(value))}`);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item: EncodableValue, index: number) => {
        visit(`${key}[${index}]`, item);
      });
      return;
    }
    for (const [childKey, child] of Object.entries(value)) visit(`${key}[${childKey}]`, child);
  };
  for (const [key, value] of Object.entries(data)) visit(key, value);
  return pairs.join('&');
}
