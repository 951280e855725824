import { describe, expect, test } from 'vitest';
import { paymentRequestSchema } from '../src/schemas/payment-request.ts';
import { registrationRequestSchema } from '../src/schemas/registration-request.ts';
import { stripeEventSchema } from '../src/schemas/stripe-event.ts';

const CLIENT_URL = 'https://app.ubcbiztech.com/';

// The bodies today's frontend sends, field for field (BRIEF section 2).
const regForPaid = {
  email: 'Ada@UBC.ca',
  fname: 'Ada',
  studentId: 12345678,
  eventID: 'blueprint',
  year: 2026,
  registrationStatus: 'incomplete',
  isPartner: false,
  points: 0,
  basicInformation: {
    fname: 'Ada',
    lname: 'Lovelace',
    gender: 'Female',
    year: '2nd Year',
    faculty: 'Commerce',
    major: 'BUCS',
    diet: 'None',
    heardFrom: 'Instagram',
  },
  dynamicResponses: { q1: 'Because', q2: ['a', 'b'] },
  applicationStatus: '',
};

describe('POST /registrations bodies', () => {
  test('regForPaid, regForPaidApp and regForFree parse; the email is lower-cased', () => {
    expect(registrationRequestSchema.parse(regForPaid).email).toBe('ada@ubc.ca');
    expect(
      registrationRequestSchema.parse({ ...regForPaid, applicationStatus: 'reviewing' }).applicationStatus,
    ).toBe('reviewing');
    expect(
      registrationRequestSchema.parse({
        ...regForPaid,
        registrationStatus: 'registered',
        studentId: '12345678',
      }).studentId,
    ).toBe('12345678');
  });
  test('bad bodies are refused with field issues', () => {
    const r = registrationRequestSchema.safeParse({
      ...regForPaid,
      email: 'not-an-email',
      eventID: 'a;b',
      year: 'soon',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['email', 'eventID', 'year']);
  });
});

describe('POST /payments bodies', () => {
  test('Event bodies from regForPaid and confirmAndPay parse', () => {
    const body = {
      paymentType: 'Event',
      success_url: `${CLIENT_URL}event/blueprint/2026/register/success`,
      email: 'ada@ubc.ca',
      fname: 'Ada',
      eventID: 'blueprint',
      year: 2026,
    };
    expect(paymentRequestSchema.parse(body)).toMatchObject({ paymentType: 'Event', eventID: 'blueprint' });
    expect(
      paymentRequestSchema.parse({ ...body, success_url: `${CLIENT_URL}event/blueprint/2026/register/` })
        .paymentType,
    ).toBe('Event');
  });
  const membershipPage = {
    paymentName: 'BizTech Membership',
    paymentImages: ['https://example.com/logo.png'],
    paymentType: 'Member',
    success_url: CLIENT_URL,
    cancel_url: `${CLIENT_URL}membership`,
    education: 'UBC',
    student_number: '12345678',
    fname: 'Ada',
    lname: 'Lovelace',
    major: 'BUCS',
    email: 'ada@ubc.ca',
    year: '2nd Year',
    faculty: 'Commerce',
    pronouns: 'she/her',
    diet: 'None',
    prev_member: false,
    international: true,
    referral: 'Friend',
    topics: 'AI, Fintech,,Design',
  };
  test('the membership page body parses for Member and OAuthMember; topics split; extras dropped', () => {
    for (const paymentType of ['Member', 'OAuthMember']) {
      const parsed = paymentRequestSchema.parse({ ...membershipPage, paymentType });
      expect(parsed).toMatchObject({ paymentType, topics: ['AI', 'Fintech', 'Design'] });
    }
  });
  test('a password is required for UserMember and dropped from every other type', () => {
    expect(paymentRequestSchema.safeParse({ ...membershipPage, paymentType: 'UserMember' }).success).toBe(
      false,
    );
    const withPassword = paymentRequestSchema.parse({
      ...membershipPage,
      paymentType: 'UserMember',
      password: 'long-enough-1',
    });
    expect(withPassword).toMatchObject({ password: 'long-enough-1' });
    expect(paymentRequestSchema.parse({ ...membershipPage, password: 'long-enough-1' })).not.toHaveProperty(
      'password',
    );
  });
  test('unknown payment types and non-http redirect URLs are refused', () => {
    expect(paymentRequestSchema.safeParse({ ...membershipPage, paymentType: 'Donation' }).success).toBe(
      false,
    );
    expect(
      paymentRequestSchema.safeParse({ ...membershipPage, success_url: 'javascript:alert(1)' }).success,
    ).toBe(false);
  });
});

describe('Stripe event envelope', () => {
  test('accepts an event and refuses what is not one', () => {
    expect(
      stripeEventSchema.safeParse({
        id: 'evt_1',
        object: 'event',
        type: 'x',
        created: 1,
        data: { object: {} },
      }).success,
    ).toBe(true);
    expect(
      stripeEventSchema.safeParse({ id: 'nope', type: 'x', created: 1, data: { object: {} } }).success,
    ).toBe(false);
  });
});
