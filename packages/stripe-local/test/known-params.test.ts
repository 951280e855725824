import { describe, expect, it } from 'vitest';
import { ENDPOINT_TYPES, generateKnownParams } from '../scripts/known-params-generator.js';
import { API_ROUTES } from '../src/api.js';
import type { FormObject } from '../src/form-encoding.js';
import { KNOWN_PARAMS } from '../src/generated/known-params.js';
import { firstOutsideTree, knownParamTree, paramTree, treeHasPath } from '../src/known-params.js';

describe('the known-params file generated from the stripe SDK types', () => {
  // Compiling the SDK's declarations takes a few seconds on a busy machine.
  it('is up to date with the installed stripe package (run gen:params when this fails)', {
    timeout: 120_000,
  }, () => {
    // Act
    const regenerated = generateKnownParams();

    // Assess
    expect(KNOWN_PARAMS).toEqual(regenerated);
  });

  it('covers exactly the /v1 routes the server serves', () => {
    // Prepare
    const served = API_ROUTES.map((route) => `${route.method} ${route.path}`).sort();

    // Act
    const generated = Object.keys(KNOWN_PARAMS.endpoints).sort();

    // Assess
    expect(generated).toEqual(served);
    expect(Object.keys(ENDPOINT_TYPES).sort()).toEqual(served);
  });

  it.each(API_ROUTES.map((route) => [`${route.method} ${route.path}`, route.supported] as const))(
    '%s implements only parameters Stripe knows',
    (endpoint, supported) => {
      // Prepare
      const known = knownParamTree(endpoint);

      // Act
      const strangers = supported.filter((path) => !treeHasPath(known, path));

      // Assess
      expect(strangers).toEqual([]);
    },
  );

  it('lists allowed_payment_method_types but no longer payment_method_types for session create', () => {
    // Prepare
    const params = KNOWN_PARAMS.endpoints['POST /v1/checkout/sessions']?.params ?? [];

    // Act
    const paymentMethodParams = params.filter((path) => path.includes('payment_method_types'));

    // Assess
    expect(paymentMethodParams).toContain('allowed_payment_method_types[]');
    expect(paymentMethodParams).not.toContain('payment_method_types[]');
    expect(params).toContain('line_items[][price_data][unit_amount]');
    expect(params).toContain('metadata[*]');
  });

  it('has expand[] on every endpoint', () => {
    // Act
    const withoutExpand = Object.entries(KNOWN_PARAMS.endpoints)
      .filter(([, { params }]) => !params.includes('expand[]'))
      .map(([endpoint]) => endpoint);

    // Assess
    expect(withoutExpand).toEqual([]);
  });
});

describe('firstOutsideTree', () => {
  const tree = paramTree([
    'mode',
    'line_items[][price_data][currency]',
    'metadata[*]',
    'created',
    'created[gt]',
    'expand[]',
  ]);

  it.each<[string, FormObject, string | null]>([
    ['an allowed form', { mode: 'payment', expand: ['line_items'] }, null],
    ['an unknown top-level key', { mode: 'payment', bogus: 'x' }, 'bogus'],
    [
      'an unknown key in a list element',
      { line_items: [{ price_data: { currency: 'cad' } }, { price_data: { bogus: '1' } }] },
      'line_items[1][price_data][bogus]',
    ],
    ['any metadata key, numeric ones too', { metadata: { a: '1', b: '2' } }, null],
    ['metadata keys decoded as a list', { metadata: ['x', 'y'] }, null],
    ['a nested value under metadata', { metadata: { a: { b: 'c' } } }, 'metadata[a][b]'],
    ['a key under a plain value', { mode: { bogus: 'x' } }, 'mode[bogus]'],
    ['a plain value or a range for created', { created: { gt: '1' } }, null],
    ['an unknown range bound', { created: { between: '1' } }, 'created[between]'],
    ['a hash where a list belongs', { line_items: { first: { price_data: {} } } }, 'line_items[first]'],
  ])('finds %s', (_label, form, expected) => {
    // Act
    const found = firstOutsideTree(form, tree);

    // Assess
    expect(found).toBe(expected);
  });

  it('can treat empty values as absent', () => {
    // Act
    const strict = firstOutsideTree({ customer: '' }, tree);
    const lenient = firstOutsideTree({ customer: '' }, tree, true);

    // Assess
    expect(strict).toBe('customer');
    expect(lenient).toBeNull();
  });
});
