import { invalidRequest, parameterUnknown, type StripeLocalError } from './errors.js';
import type { FormObject, FormValue } from './form-encoding.js';
import { KNOWN_PARAMS } from './generated/known-params.js';

/**
 * The parameters Stripe knows, per endpoint, as generated from the `stripe` SDK's types into
 * `generated/known-params.ts`. Each parameter is a bracketed path: `line_items[][quantity]` (`[]` is a
 * list element), `metadata[*]` (`*` is any key).
 */
export interface KnownParams {
  /** The SDK the list was generated from, e.g. `stripe@23.1.0`. */
  sdk: string;
  /** Keyed by route, e.g. `POST /v1/checkout/sessions`: the SDK type and its parameters. */
  endpoints: Record<string, { type: string; params: string[] }>;
}

/** One level of a parameter tree built from bracketed paths. */
export interface ParamTree {
  /** A value (string, number, boolean, enum) may stand here. */
  leaf: boolean;
  /** Named keys allowed below. */
  keys: Map<string, ParamTree>;
  /** Elements of a list (`[]`). */
  items: ParamTree | null;
  /** Any key (`[*]`), as in metadata. */
  any: ParamTree | null;
}

function emptyTree(): ParamTree {
  return { leaf: false, keys: new Map(), items: null, any: null };
}

/** Splits `a[b][][*]` into `['a', 'b', '', '*']`. */
function segmentsOf(path: string): string[] {
  const open = path.indexOf('[');
  if (open === -1) return [path];
  return [path.slice(0, open), ...path.slice(open + 1, -1).split('][')];
}

/** Builds the tree of a list of bracketed paths. */
export function paramTree(paths: readonly string[]): ParamTree {
  const root = emptyTree();
  for (const path of paths) {
    let node = root;
    for (const segment of segmentsOf(path)) {
      if (segment === '') {
        node.items ??= emptyTree();
        node = node.items;
      } else if (segment === '*') {
        node.any ??= emptyTree();
        node = node.any;
      } else {
        let next = node.keys.get(segment);
        if (!next) {
          next = emptyTree();
          node.keys.set(segment, next);
        }
        node = next;
      }
    }
    node.leaf = true;
  }
  return root;
}

/** Whether a bracketed path (in the `[]`/`[*]` notation) is one of the tree's parameters. */
export function treeHasPath(tree: ParamTree, path: string): boolean {
  let node: ParamTree | null | undefined = tree;
  for (const segment of segmentsOf(path)) {
    if (!node) return false;
    node = segment === '' ? node.items : segment === '*' ? node.any : node.keys.get(segment);
  }
  return node?.leaf === true;
}

function child(parent: string, key: string): string {
  return parent === '' ? key : `${parent}[${key}]`;
}

/**
 * The first parameter of `form` (in wire notation, e.g. `line_items[0][price_data][bogus]`) that the
 * tree does not allow, or `null` when every one is allowed.
 *
 * @param skipEmpty - treat empty strings as absent (an empty value unsets a parameter on Stripe).
 */
export function firstOutsideTree(form: FormObject, tree: ParamTree, skipEmpty = false): string | null {
  const visit = (value: FormValue, node: ParamTree, path: string): string | null => {
    if (typeof value === 'string') return null;
    const entries: Array<[string, FormValue]> = Array.isArray(value)
      ? value.map((item, index) => [String(index), item])
      : Object.entries(value);
    for (const [key, item] of entries) {
      if (skipEmpty && item === '') continue;
      const next = (Array.isArray(value) ? node.items : null) ?? node.keys.get(key) ?? node.any;
      const at = child(path, key);
      if (!next) return at;
      // A plain value where a hash or list belongs names a known parameter: the endpoint's own
      // checks word that error (`Invalid hash`).
      const inner = visit(item, next, at);
      if (inner !== null) return inner;
    }
    return null;
  };
  return visit(form, tree, '');
}

const KNOWN_TREES = new Map(
  Object.entries(KNOWN_PARAMS.endpoints).map(([endpoint, { params }]) => [endpoint, paramTree(params)]),
);

/** The SDK version the known parameters come from, e.g. `stripe@23.1.0`. */
export const KNOWN_PARAMS_SDK = KNOWN_PARAMS.sdk;

/** The known-parameter tree of a route, e.g. `POST /v1/checkout/sessions`. */
export function knownParamTree(endpoint: string): ParamTree {
  const tree = KNOWN_TREES.get(endpoint);
  if (!tree) throw new Error(`stripe-local: no known parameters for ${endpoint}; run gen:params.`);
  return tree;
}

/** A 400 for a parameter Stripe accepts but stripe-local does not implement. */
export function parameterUnsupported(param: string): StripeLocalError {
  return invalidRequest(
    `stripe-local does not implement the parameter ${param} (Stripe accepts it); see stripe-local's README for what it supports.`,
    { param, code: 'stripe_local_unsupported_parameter' },
  );
}

/**
 * Refuses what Stripe refuses first, then what stripe-local does not implement:
 * a parameter outside `known` is Stripe's `parameter_unknown`; a known one outside `supported` is
 * `stripe_local_unsupported_parameter` (empty values, which unset a parameter, pass).
 *
 * @throws StripeLocalError (400) naming the full bracketed `param`.
 */
export function checkParams(form: FormObject, known: ParamTree, supported: ParamTree): void {
  const unknown = firstOutsideTree(form, known);
  if (unknown !== null) throw parameterUnknown(unknown);
  const unsupported = firstOutsideTree(form, supported, true);
  if (unsupported !== null) throw parameterUnsupported(unsupported);
}
