import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import {
  EMAIL_FALLBACK_LINE,
  type EmailTemplate,
  type OutboxAction,
  type RefundIssuedData,
  type RegistrationConfirmedData,
  renderEmail,
  type SeatOfferedData,
} from '../src/index.ts';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const TEMPLATES: EmailTemplate[] = ['registration_confirmed', 'seat_offered', 'refund_issued'];

const confirmed: RegistrationConfirmedData = {
  eventName: 'Blueprint',
  eventID: 'blueprint',
  year: 2026,
  amountCents: 2500,
  currency: 'cad',
  status: 'registered',
};
const offered: SeatOfferedData = {
  eventName: 'Blueprint',
  eventID: 'blueprint',
  year: 2026,
  amountCents: 2500,
  currency: 'cad',
  expiresAt: Date.UTC(2026, 11, 8, 13, 5, 59, 999),
  link: 'https://biztech.example/checkout/abc?x=1&y=2',
};
const refunded: RefundIssuedData = { eventName: 'Membership 2026', amountCents: 123456, currency: 'cad' };

/** The tags renderEmail writes itself; any other `<` in the HTML came from data and is a bug. */
const OWN_TAGS =
  /<!doctype html>|<\/?(html|head|title|body|p|strong|a)>|<meta charset="utf-8">|<a href="[^"<>]*">/g;

describe('renderEmail', () => {
  test('registration_confirmed names the event and the money paid, in text and HTML', () => {
    // Act
    const message = renderEmail({ template: 'registration_confirmed', to: 'ada@ubc.ca', data: confirmed });

    // Assess
    expect(message.to).toBe('ada@ubc.ca');
    expect(message.subject).toBe('You are registered: Blueprint');
    expect(message.text).toBe(
      [
        'Hi,',
        'You are registered for Blueprint (blueprint, 2026).',
        'We received your payment of $25.00 CAD.',
        'See you there!',
        'UBC BizTech\n',
      ].join('\n\n'),
    );
    expect(message.html).toContain(
      '<p>You are registered for <strong>Blueprint (blueprint, 2026)</strong>.</p>',
    );
    expect(message.html).toContain('<strong>$25.00 CAD</strong>');
  });

  test('registration_confirmed of a free event says there is nothing to pay; an accepted application says so', () => {
    // Act
    const free = renderEmail({
      template: 'registration_confirmed',
      to: 'ada@ubc.ca',
      data: { ...confirmed, amountCents: 0, status: 'acceptedComplete' },
    });

    // Assess
    expect(free.subject).toBe('Your place is confirmed: Blueprint');
    expect(free.text).toContain(
      'Your application was accepted and your place at Blueprint (blueprint, 2026) is confirmed.',
    );
    expect(free.text).toContain('This event is free: there is nothing to pay.');
    expect(free.text).not.toContain('$');
  });

  test('seat_offered gives the price, the deadline in UTC cut to the minute, and the link in text and HTML', () => {
    // Act
    const message = renderEmail({ template: 'seat_offered', to: 'ada@ubc.ca', data: offered });

    // Assess
    expect(message.subject).toBe('A seat opened up for you: Blueprint');
    expect(message.text).toContain('To take it, pay $25.00 CAD by 2026-12-08 13:05 UTC:');
    expect(message.text).toContain('\nhttps://biztech.example/checkout/abc?x=1&y=2\n');
    expect(message.html).toContain(
      '<a href="https://biztech.example/checkout/abc?x=1&amp;y=2">https://biztech.example/checkout/abc?x=1&amp;y=2</a>',
    );
    expect(message.text).toContain('the seat goes to the next person on the waitlist');
  });

  test('refund_issued prints large amounts with thousands separators and names the membership', () => {
    // Act
    const message = renderEmail({ template: 'refund_issued', to: 'ada@ubc.ca', data: refunded });

    // Assess
    expect(message.subject).toBe('Your refund for Membership 2026');
    expect(message.text).toContain('We refunded $1,234.56 CAD for Membership 2026.');
  });

  test('a currency without a dollar sign prints its code only', () => {
    const message = renderEmail({
      template: 'refund_issued',
      to: 'ada@ubc.ca',
      data: { ...refunded, amountCents: 5, currency: 'EUR' },
    });
    expect(message.text).toContain('We refunded 0.05 EUR for');
  });

  test('values are escaped in the HTML and cannot add a header line to the subject', () => {
    // Act
    const message = renderEmail({
      template: 'seat_offered',
      to: 'ada@ubc.ca',
      data: {
        ...offered,
        eventName: 'Tom & Jerry\'s <script>alert("x")</script>\r\nBcc: eve@evil.test',
        link: 'https://biztech.example/"><img src=x onerror=alert(1)>',
      },
    });

    // Assess
    expect(message.html).not.toContain('<script');
    expect(message.html).not.toContain('<img');
    expect(message.html).toContain('Tom &amp; Jerry&#39;s &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.subject).toBe(
      'A seat opened up for you: Tom & Jerry\'s <script>alert("x")</script>  Bcc: eve@evil.test',
    );
    expect(message.html.replace(OWN_TAGS, '')).not.toContain('<');
  });

  test.each([
    ['registration_confirmed', { ...confirmed, amountCents: '25.00' }],
    ['registration_confirmed', { ...confirmed, status: 'waitlist' }],
    ['seat_offered', { ...offered, expiresAt: null }],
    ['seat_offered', { ...offered, expiresAt: 1e20 }],
    ['refund_issued', { ...refunded, amountCents: -100 }],
    ['refund_issued', { ...refunded, currency: 'dollars' }],
  ] as const)('%s with data %j falls back to the generic line instead of throwing', (template, data) => {
    // Act
    const message = renderEmail({ template, to: 'ada@ubc.ca', data });

    // Assess: the event name still shows, the details are replaced by the fallback line.
    expect(message.text).toContain(EMAIL_FALLBACK_LINE);
    expect(message.html).toContain('This message is about <strong>');
    expect(message.subject).toMatch(
      /^(Your BizTech|A seat opened up for you at BizTech).*: (Blueprint|Membership 2026)$/,
    );
  });

  test('a seat offer with a bad deadline still carries its link; one with a javascript: link carries none', () => {
    const keepsLink = renderEmail({
      template: 'seat_offered',
      to: 'ada@ubc.ca',
      data: { ...offered, expiresAt: 'tomorrow' },
    });
    expect(keepsLink.text).toContain(EMAIL_FALLBACK_LINE);
    expect(keepsLink.text).toContain(offered.link);

    const noLink = renderEmail({
      template: 'seat_offered',
      to: 'ada@ubc.ca',
      data: { ...offered, link: 'javascript:alert(1)' },
    });
    expect(noLink.text).toContain(EMAIL_FALLBACK_LINE);
    expect(noLink.text).not.toContain('javascript:');
    expect(noLink.html).not.toContain('<a ');
  });

  test('empty data and an unknown template render a generic email', () => {
    const empty = renderEmail({ template: 'refund_issued', to: 'ada@ubc.ca', data: {} });
    expect(empty.subject).toBe('Your BizTech refund');
    expect(empty.text).toBe(`Hi,\n\n${EMAIL_FALLBACK_LINE}\n\nUBC BizTech\n`);

    const unknown = renderEmail({
      template: 'toString' as EmailTemplate,
      to: 'ada@ubc.ca',
      data: { eventName: 'Blueprint' },
    });
    expect(unknown.subject).toBe('A message from BizTech: Blueprint');
    expect(unknown.text).toContain(EMAIL_FALLBACK_LINE);
  });

  test('the outbox action itself can be rendered: the template data types fit its flat data', () => {
    // Type-checked: each template's data type is assignable to the action's data.
    const action: Extract<OutboxAction, { type: 'email.send' }> = {
      type: 'email.send',
      template: 'seat_offered',
      to: 'ada@ubc.ca',
      data: offered,
    };
    expect(renderEmail(action).subject).toBe('A seat opened up for you: Blueprint');
  });
});

const value = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof(
  fc.constantFrom('eventName', 'eventID', 'year', 'amountCents', 'currency', 'status', 'expiresAt', 'link'),
  fc.string(),
);
const anyData = fc.dictionary(key, value);
// Data that passes each template's checks, with hostile strings where text goes, so the escaping of
// the full emails is exercised (random dictionaries mostly take the fallback path).
const validData = fc.record({
  eventName: fc
    .oneof(fc.string({ minLength: 1 }), fc.string({ unit: 'binary', minLength: 1 }))
    .filter((s) => s.trim().length > 0 && s.length <= 300),
  eventID: fc.constantFrom('<b>', '"a"', "o'neil", 'x&y'),
  year: fc.integer({ min: 1900, max: 9999 }),
  amountCents: fc.nat(),
  currency: fc.constantFrom('cad', 'USD', 'eur'),
  status: fc.constantFrom('registered', 'acceptedComplete'),
  expiresAt: fc.integer({ min: 0, max: 253_402_300_799_999 }),
  link: fc.webUrl({ withQueryParameters: true, withFragments: true }),
});

propTest.prop([fc.constantFrom(...TEMPLATES), fc.oneof(anyData, validData)], { numRuns: NUM_RUNS })(
  'arbitrary data never throws and never puts an unescaped < into the HTML',
  (template, data) => {
    const message = renderEmail({ template, to: 'ada@ubc.ca', data });
    expect(message.html.replace(OWN_TAGS, '')).not.toContain('<');
    expect(message.subject).not.toMatch(/[\r\n]/);
  },
);
