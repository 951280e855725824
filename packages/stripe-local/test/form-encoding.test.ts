import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decodeForm, encodeForm, FormEncodingError, parseFormKey } from '../src/index.js';

describe('parseFormKey', () => {
  it('splits nested brackets into a path', () => {
    // Prepare
    const key = 'line_items[0][price_data][product_data][name]';

    // Act
    const path = parseFormKey(key);

    // Assess
    expect(path).toEqual(['line_items', '0', 'price_data', 'product_data', 'name']);
  });

  it('keeps malformed keys whole', () => {
    // Prepare
    const keys = ['[a]', 'a[b', 'a[b]c'];

    // Act
    const paths = keys.map(parseFormKey);

    // Assess
    expect(paths).toEqual([['[a]'], ['a[b'], ['a[b]c']]);
  });
});

describe('decodeForm', () => {
  it('decodes what the stripe SDK sends for a checkout session', () => {
    // Prepare
    const body =
      'mode=payment&line_items[0][price_data][currency]=cad&line_items[0][price_data][unit_amount]=2500' +
      '&line_items[0][price_data][product_data][name]=Ticket%20%26%20more' +
      '&line_items[0][price_data][product_data][images][0]=https%3A%2F%2Fexample.com%2Fa.png' +
      '&line_items[0][quantity]=1&metadata[eventID]=blueprint&expand[0]=line_items';

    // Act
    const form = decodeForm(body);

    // Assess
    expect(form).toEqual({
      mode: 'payment',
      line_items: [
        {
          price_data: {
            currency: 'cad',
            unit_amount: '2500',
            product_data: { name: 'Ticket & more', images: ['https://example.com/a.png'] },
          },
          quantity: '1',
        },
      ],
      metadata: { eventID: 'blueprint' },
      expand: ['line_items'],
    });
  });

  it('treats percent-encoded brackets, `[]` appends and `+` spaces like Stripe does', () => {
    // Prepare
    const body = '?expand%5B%5D=line_items&expand[]=payment_intent&metadata%5Bnote%5D=a+b';

    // Act
    const form = decodeForm(body);

    // Assess
    expect(form).toEqual({ expand: ['line_items', 'payment_intent'], metadata: { note: 'a b' } });
  });

  it('orders sparse indices and keeps the last value of a repeated key', () => {
    // Prepare
    const body = 'items[2]=c&items[0]=a&name=first&name=second';

    // Act
    const form = decodeForm(body);

    // Assess
    expect(form).toEqual({ items: ['a', 'c'], name: 'second' });
  });

  it('rejects a key used as both a value and an object', () => {
    // Prepare
    const body = 'metadata=x&metadata[a]=b';

    // Act
    const decode = () => decodeForm(body);

    // Assess
    expect(decode).toThrow(FormEncodingError);
  });

  it('does not let keys such as __proto__ touch prototypes', () => {
    // Prepare
    const body = '__proto__[polluted]=yes&metadata[__proto__]=x';

    // Act
    const form = decodeForm(body);

    // Assess
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(form)).toBe(Object.prototype);
    expect(Object.keys(form.metadata as object)).toEqual(['__proto__']);
  });
});

describe('encodeForm', () => {
  it('encodes like the stripe SDK: indexed arrays, bracketed objects, dates as seconds', () => {
    // Prepare
    const data = {
      expand: ['line_items'],
      metadata: { a: 'x y' },
      expires_at: new Date(1_800_000_000_000),
      skip: undefined,
      flag: true,
    };

    // Act
    const body = encodeForm(data);

    // Assess
    expect(body).toBe('expand[0]=line_items&metadata[a]=x%20y&expires_at=1800000000&flag=true');
  });
});

// Keys start with a letter so that no object is mistaken for an array, and containers are non-empty
// because an empty list or hash has no representation on the wire.
const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const leaf = fc.string({ maxLength: 12 });
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { minLength: 1, maxLength: 3 }),
    fc.dictionary(key, tie('value'), { minKeys: 1, maxKeys: 3 }),
  ),
}));

describe('form round trip', () => {
  property.prop([fc.dictionary(key, value, { maxKeys: 4 })])('decodeForm(encodeForm(x)) equals x', (data) => {
    // Prepare
    const body = encodeForm(data as Parameters<typeof encodeForm>[0]);

    // Act
    const decoded = decodeForm(body);

    // Assess
    expect(decoded).toEqual(data);
  });
});
