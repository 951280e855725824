/**
 * Derives the parameters Stripe knows for each endpoint stripe-local serves from the installed
 * `stripe` package's own TypeScript types (`Stripe.Checkout.SessionCreateParams` and friends), using
 * the TypeScript compiler API. Not part of the server: `gen:params` writes the result to
 * `src/generated/known-params.ts`, and a test regenerates it in memory to catch a stale file.
 *
 * A parameter is written as a bracketed path, the way it travels on the wire:
 * - `mode`, `line_items[][price_data][currency]`: `[]` is an element of a list;
 * - `metadata[*]`: `*` is any key (an index signature such as `MetadataParam`);
 * - a path listed together with paths below it (`created` and `created[gt]`) takes either form.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Each `/v1` route of the server and the SDK type of its parameters. */
export const ENDPOINT_TYPES = {
  'POST /v1/checkout/sessions': 'Stripe.Checkout.SessionCreateParams',
  'GET /v1/checkout/sessions': 'Stripe.Checkout.SessionListParams',
  'GET /v1/checkout/sessions/{id}': 'Stripe.Checkout.SessionRetrieveParams',
  'GET /v1/checkout/sessions/{id}/line_items': 'Stripe.Checkout.SessionListLineItemsParams',
  'POST /v1/checkout/sessions/{id}/expire': 'Stripe.Checkout.SessionExpireParams',
  'GET /v1/events': 'Stripe.EventListParams',
  'GET /v1/events/{id}': 'Stripe.EventRetrieveParams',
  'POST /v1/refunds': 'Stripe.RefundCreateParams',
  'GET /v1/refunds': 'Stripe.RefundListParams',
  'GET /v1/refunds/{id}': 'Stripe.RefundRetrieveParams',
  'GET /v1/charges/{id}': 'Stripe.ChargeRetrieveParams',
  'GET /v1/payment_intents/{id}': 'Stripe.PaymentIntentRetrieveParams',
} as const;

/** A route key of {@link ENDPOINT_TYPES}, e.g. `POST /v1/checkout/sessions`. */
export type Endpoint = keyof typeof ENDPOINT_TYPES;

/** What the generator produces, and what `src/generated/known-params.ts` holds. */
export interface KnownParamsData {
  /** e.g. `stripe@23.1.0`. */
  sdk: string;
  endpoints: Record<string, { type: string; params: string[] }>;
}

/** Nesting deeper than this stops the walk with an error rather than looping on a recursive type. */
export const MAX_DEPTH = 12;

/** `expand` is accepted by every Stripe endpoint, whether or not a params type lists it. */
const UNIVERSAL_PARAMS = ['expand[]'];

/** Object types sent as one scalar value (the SDK serializes them), not as nested parameters. */
const SCALAR_OBJECTS = new Set(['Date', 'Decimal', 'DecimalImpl', 'Buffer', 'Uint8Array', 'Blob']);

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the installed `stripe` package lives, resolved from this package as the server's tests do. */
export function stripePackageDir(fromDir = PACKAGE_DIR): string {
  const require = createRequire(join(fromDir, 'package.json'));
  let dir = dirname(require.resolve('stripe'));
  while (!existsSync(join(dir, 'package.json')) || readPackageName(dir) !== 'stripe') {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the stripe package.json');
    dir = parent;
  }
  return dir;
}

function readPackageName(dir: string): string | undefined {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name;
}

function isPrimitive(type: ts.Type): boolean {
  return (
    (type.flags &
      (ts.TypeFlags.StringLike |
        ts.TypeFlags.NumberLike |
        ts.TypeFlags.BooleanLike |
        ts.TypeFlags.BigIntLike |
        ts.TypeFlags.EnumLike)) !==
    0
  );
}

function isEmptyStringLiteral(type: ts.Type): boolean {
  return type.isStringLiteral() && type.value === '';
}

class Walker {
  readonly paths = new Set<string>();

  constructor(private readonly checker: ts.TypeChecker) {}

  walk(type: ts.Type, path: string, depth: number, typeName: string): void {
    if (depth > MAX_DEPTH) {
      throw new Error(
        `${typeName}: ${path} nests deeper than ${MAX_DEPTH} levels; raise MAX_DEPTH if Stripe really does.`,
      );
    }
    const members = type.isUnion() ? type.types : [type];
    for (const member of members) {
      // `Emptyable<T>` is `null | '' | T`: an empty string unsets a parameter and is accepted anywhere.
      if (member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) continue;
      if (isEmptyStringLiteral(member)) continue;
      if (isPrimitive(member) || this.#isScalarObject(member)) {
        this.#add(path);
        continue;
      }
      if (member.isIntersection()) {
        // `string & Record<never, never>` (OtherString) and branded strings are strings.
        if (member.types.some(isPrimitive)) {
          this.#add(path);
          continue;
        }
      }
      if (this.checker.isArrayType(member) || this.checker.isTupleType(member)) {
        const elements = this.checker.getTypeArguments(member as ts.TypeReference);
        for (const element of elements) this.walk(element, `${path}[]`, depth + 1, typeName);
        continue;
      }
      if (member.flags & ts.TypeFlags.Object || member.isIntersection()) {
        this.#walkObject(member, path, depth, typeName);
        continue;
      }
      if (member.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
        throw new Error(
          `${typeName}: ${path || '(root)'} is typed any/unknown; cannot derive its parameters.`,
        );
      }
      throw new Error(
        `${typeName}: ${path || '(root)'} has an unexpected type ${this.checker.typeToString(member)}.`,
      );
    }
  }

  #walkObject(type: ts.Type, path: string, depth: number, typeName: string): void {
    const indexType = this.checker.getIndexTypeOfType(type, ts.IndexKind.String);
    if (indexType) this.walk(indexType, child(path, '*'), depth + 1, typeName);
    for (const property of this.checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = declaration
        ? this.checker.getTypeOfSymbolAtLocation(property, declaration)
        : this.checker.getTypeOfSymbol(property);
      this.walk(propertyType, child(path, property.getName()), depth + 1, typeName);
    }
    // An empty hash (e.g. `payment_method_options[pay_by_bank]`) is known but takes no keys.
    if (!indexType && this.checker.getPropertiesOfType(type).length === 0) this.#add(path);

    function child(parent: string, key: string): string {
      return parent === '' ? key : `${parent}[${key}]`;
    }
  }

  #isScalarObject(type: ts.Type): boolean {
    if (!(type.flags & ts.TypeFlags.Object) && !type.isIntersection()) return false;
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (symbol && SCALAR_OBJECTS.has(symbol.getName())) return true;
    if (type.isIntersection()) return type.types.some((part) => this.#isScalarObject(part));
    // Values with methods (class instances) are serialized whole by the SDK.
    return this.checker.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0;
  }

  #add(path: string): void {
    if (path === '') throw new Error('a params type is itself a scalar');
    this.paths.add(path);
  }
}

/**
 * Resolves each endpoint's SDK params type in the installed `stripe` package and lists its
 * parameters as sorted bracketed paths.
 *
 * @param fromDir - the package whose `stripe` dependency is read (default: stripe-local).
 */
export function generateKnownParams(fromDir = PACKAGE_DIR): KnownParamsData {
  const stripeDir = stripePackageDir(fromDir);
  const version = (JSON.parse(readFileSync(join(stripeDir, 'package.json'), 'utf8')) as { version: string })
    .version;
  const entryFile = join(fromDir, '__known_params_entry__.ts');
  const endpoints = Object.entries(ENDPOINT_TYPES);
  const entrySource = [
    "import type Stripe from 'stripe';",
    ...endpoints.map(([, typeName], index) => `export type P${index} = ${typeName};`),
  ].join('\n');

  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    // Only what the SDK's params types need: no DOM, no @types packages (a much faster program).
    lib: ['lib.es2022.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => file === entryFile || fileExists.call(host, file);
  host.readFile = (file) => (file === entryFile ? entrySource : readFile.call(host, file));
  host.getSourceFile = (file, languageVersion, onError, shouldCreate) =>
    file === entryFile
      ? ts.createSourceFile(file, entrySource, languageVersion, true)
      : getSourceFile.call(host, file, languageVersion, onError, shouldCreate);
  const program = ts.createProgram({ rootNames: [entryFile], options, host });
  const source = program.getSourceFile(entryFile);
  if (!source) throw new Error('the entry file did not load');
  const problems = ts.getPreEmitDiagnostics(program, source);
  if (problems.length > 0) {
    const text = ts.formatDiagnostics(problems, {
      getCanonicalFileName: (file) => file,
      getCurrentDirectory: () => fromDir,
      getNewLine: () => '\n',
    });
    throw new Error(`cannot resolve the SDK's params types:\n${text}`);
  }
  const checker = program.getTypeChecker();
  const aliases = source.statements.filter(ts.isTypeAliasDeclaration);

  const result: KnownParamsData = { sdk: `stripe@${version}`, endpoints: {} };
  endpoints.forEach(([endpoint, typeName], index) => {
    const alias = aliases.find((statement) => statement.name.text === `P${index}`);
    if (!alias) throw new Error(`no alias for ${endpoint}`);
    const walker = new Walker(checker);
    walker.walk(checker.getTypeAtLocation(alias.name), '', 0, typeName);
    for (const path of UNIVERSAL_PARAMS) walker.paths.add(path);
    result.endpoints[endpoint] = { type: typeName, params: [...walker.paths].sort() };
  });
  return result;
}

/** The text of `src/generated/known-params.ts` for {@link generateKnownParams}'s result. */
export function renderKnownParams(data: KnownParamsData): string {
  return [
    '// Generated by `pnpm --filter @biztech/stripe-local gen:params` (scripts/gen-params.ts) from the',
    `// TypeScript types of ${data.sdk}. Do not edit: change the SDK version and regenerate.`,
    '// test/known-params.test.ts fails when this file is stale against the installed SDK.',
    '',
    "import type { KnownParams } from '../known-params.js';",
    '',
    `export const KNOWN_PARAMS: KnownParams = ${JSON.stringify(data, null, 2)};`,
    '',
  ].join('\n');
}
