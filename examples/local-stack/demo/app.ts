// The demo page's script: plain DOM plus the real typed browser client of @biztech/payments-http.
// It sends exactly the bodies today's BizTech frontend sends, so the demo exercises the same paths.
import {
  createPaymentsClient,
  createRegistrationStrategy,
  PaymentsApiError,
  type RegistrationView,
} from '@biztech/payments-http/client';
import { startAccount } from './account.ts';
import { bearer, currentSignIn, type SignedIn } from './sign-in.ts';
import { createSignedInApi } from './signed-in-api.ts';

interface DemoEvent {
  id: string;
  year: number;
  ename: string;
  description: string;
  imageUrl: string;
  capac: number;
  seatsTaken: number;
  isApplicationBased: boolean;
  pricing: { members: number; nonMembers: number };
}

const CLIENT_URL = `${window.location.origin}/`;
// The signed-in person's ID token goes with every call for their own email: the personal reads need
// it, and the open routes refuse a token that is not the body's email's (so none is sent for others).
const ownToken = () => {
  const signedIn = currentSignIn();
  return signedIn && signedIn.email === store.email ? signedIn.idToken : undefined;
};
const api = createPaymentsClient({ baseUrl: window.location.origin, idToken: ownToken });
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const store = {
  get email() {
    return localStorage.getItem('demo.email') ?? '';
  },
  set email(v: string) {
    localStorage.setItem('demo.email', v.trim().toLowerCase());
  },
  get event() {
    return localStorage.getItem('demo.event') ?? '';
  },
  set event(v: string) {
    localStorage.setItem('demo.event', v);
  },
};
let events: DemoEvent[] = [];

function say(text: string, isError = false) {
  const el = $('message');
  el.textContent = text;
  el.classList.toggle('error', isError);
}

function explain(error: unknown): string {
  if (error instanceof PaymentsApiError) {
    const issues = error.issues?.map((i) => `${i.path}: ${i.message}`).join('; ');
    return `${error.message} (${error.code}${error.reason ? `: ${error.reason}` : ''})${issues ? ` — ${issues}` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

const selected = () => events.find((e) => `${e.id};${e.year}` === store.event);
const dollars = (n: number) => (n === 0 ? 'free' : `$${n.toFixed(2)}`);

async function refreshStatus() {
  const email = store.email;
  $('status-email').textContent = email || '—';
  const event = selected();
  let registration: RegistrationView | undefined;
  if (email && !ownToken()) {
    // A registration and a membership are read only with their owner's token (or an admin's).
    const hint = `sign in as ${email} to see it`;
    $('status-registration').textContent = event ? `${event.ename}: ${hint}` : hint;
    $('status-membership').textContent = hint;
  } else if (email && event) {
    registration = await api.getRegistration(email, event.id, event.year).catch(() => undefined);
    $('status-registration').textContent = registration
      ? `${event.ename}: ${registration.registrationStatus}${registration.applicationStatus ? ` (application ${registration.applicationStatus})` : ''}${registration.checkoutUrl ? ' — checkout open' : ''}`
      : `${event.ename}: not registered`;
  } else {
    $('status-registration').textContent = '—';
  }
  if (email && ownToken()) {
    const membership = await api.getMembership(email).catch(() => undefined);
    $('status-membership').textContent = membership
      ? `${membership.isMember ? 'member' : 'not a member'} (${membership.state})${membership.profileID ? `, profile ${membership.profileID}` : ''}`
      : 'not a member';
  } else if (!email) {
    $('status-membership').textContent = '—';
  }
  const strategy = registration ? createRegistrationStrategy(registration) : undefined;
  $('pay-button').hidden = !strategy?.needsPayment();
  $('confirm-button').hidden = !strategy?.needsConfirmation();
  $('admin-actions').hidden = !(
    event?.isApplicationBased &&
    registration &&
    registration.applicationStatus !== 'accepted'
  );
}

function renderEvents() {
  const list = $('events');
  list.replaceChildren(
    ...events.map((e) => {
      const li = document.createElement('li');
      const price =
        e.pricing.members === e.pricing.nonMembers
          ? dollars(e.pricing.nonMembers)
          : `${dollars(e.pricing.members)} members, ${dollars(e.pricing.nonMembers)} others`;
      li.innerHTML = `<img alt="" src="${e.imageUrl}"><h3></h3><p class="desc"></p><p><strong>${price}</strong> · ${e.seatsTaken}/${e.capac} seats taken${e.isApplicationBased ? ' · application' : ''}</p>`;
      (li.querySelector('h3') as HTMLElement).textContent = e.ename;
      (li.querySelector('.desc') as HTMLElement).textContent = e.description;
      return li;
    }),
  );
  const select = $<HTMLSelectElement>('event-select');
  select.replaceChildren(
    ...events.map((e) => {
      const option = document.createElement('option');
      option.value = `${e.id};${e.year}`;
      option.textContent = `${e.ename} (${e.year})`;
      return option;
    }),
  );
  if (store.event) select.value = store.event;
}

const successUrl = (e: DemoEvent, confirming: boolean) =>
  `${CLIENT_URL}event/${e.id}/${e.year}/register/${confirming ? '' : 'success'}`;

async function payForEvent(event: DemoEvent, fname: string, confirming: boolean) {
  // Today's regForPaid / confirmAndPay body: no cancel_url, success_url under CLIENT_URL.
  const checkout = await api.pay({
    paymentType: 'Event',
    success_url: successUrl(event, confirming),
    email: store.email,
    fname,
    eventID: event.id,
    year: event.year,
  });
  say('Redirecting to checkout…');
  window.location.assign(checkout.url);
}

async function onRegister(form: HTMLFormElement) {
  const data = new FormData(form);
  const [id, year] = String(data.get('event')).split(';');
  const event = events.find((e) => e.id === id && e.year === Number(year));
  if (!event) return;
  store.email = String(data.get('email'));
  store.event = `${event.id};${event.year}`;
  const fname = String(data.get('fname'));
  const paid = event.pricing.nonMembers > 0 || event.pricing.members > 0;
  const result = await api.register({
    email: store.email,
    fname,
    studentId: 12345678,
    eventID: event.id,
    year: event.year,
    registrationStatus: paid ? 'incomplete' : 'registered',
    isPartner: false,
    points: 0,
    basicInformation: {
      fname,
      lname: String(data.get('lname')),
      gender: 'Prefer not to say',
      year: '2nd Year',
      faculty: 'Commerce',
      major: 'BUCS',
      diet: 'None',
      heardFrom: 'Demo',
    },
    dynamicResponses: {},
    applicationStatus: event.isApplicationBased ? 'reviewing' : '',
  });
  if ('url' in result) {
    say('You already started this registration: resuming your checkout…');
    window.location.assign(result.url);
    return;
  }
  if (result.registrationStatus === 'incomplete' && !event.isApplicationBased) {
    await payForEvent(event, fname, false);
    return;
  }
  say(
    result.registrationStatus === 'waitlist'
      ? 'The event is full: you are on the waitlist (and nothing was charged).'
      : event.isApplicationBased
        ? 'Application submitted: it is under review.'
        : `Registered: ${result.registrationStatus}.`,
  );
  await refreshStatus();
}

async function onMembership(form: HTMLFormElement) {
  const data = new FormData(form);
  store.email = String(data.get('email'));
  const paymentType = String(data.get('paymentType')) as 'Member' | 'UserMember' | 'OAuthMember';
  // The membership page's body, with the fields it sends today.
  const body = {
    paymentName: 'BizTech Membership',
    paymentImages: [`${CLIENT_URL}demo/logo.png`],
    paymentType,
    success_url: CLIENT_URL,
    cancel_url: `${CLIENT_URL}membership`,
    education: String(data.get('education')),
    student_number: String(data.get('student_number') ?? ''),
    fname: String(data.get('fname')),
    lname: String(data.get('lname')),
    major: String(data.get('major')),
    email: store.email,
    year: String(data.get('year')),
    faculty: String(data.get('faculty')),
    pronouns: 'they/them',
    diet: 'None',
    prev_member: false,
    international: false,
    referral: 'Demo',
    topics: String(data.get('topics')),
    ...(paymentType === 'UserMember' ? { password: String(data.get('password')) } : {}),
  };
  const checkout = await api.pay(body);
  say('Redirecting to checkout…');
  window.location.assign(checkout.url);
}

async function showSuccess(sessionId: string) {
  $('success').hidden = false;
  const text = $('success-text');
  for (let attempt = 0; attempt < 30; attempt++) {
    const session = await api.getSession(sessionId).catch(() => undefined);
    if (session?.fulfilled) {
      text.textContent = 'Payment received. You are all set.';
      await refreshStatus();
      return;
    }
    if (session?.status === 'expired') {
      text.textContent = 'This checkout expired before it was paid.';
      return;
    }
    text.textContent = `Waiting for the payment to be confirmed… (${session?.paymentStatus ?? 'unknown'})`;
    await new Promise((r) => setTimeout(r, 1000));
  }
  text.textContent = 'The payment is not confirmed yet; refresh in a moment.';
}

function handleLanding() {
  const url = new URL(window.location.href);
  const sessionId = url.searchParams.get('session_id');
  if (sessionId) void showSuccess(sessionId);
  const m = url.pathname.match(/^\/event\/([^/]+)\/(\d+)\/register\/?$/);
  if (m && !sessionId) {
    store.event = `${m[1]};${m[2]}`;
    say('Checkout cancelled. Your registration is waiting for payment: use “Pay now” when you are ready.');
    document.getElementById('register-title')?.scrollIntoView();
  }
  if (url.pathname.startsWith('/membership') && !sessionId) {
    say('Checkout cancelled. Nothing was charged.');
    document.getElementById('membership-title')?.scrollIntoView();
  }
}

function wire() {
  const guard = (fn: () => Promise<void>) => () => fn().catch((error) => say(explain(error), true));
  $<HTMLFormElement>('register-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void guard(() => onRegister(e.target as HTMLFormElement))();
  });
  $<HTMLFormElement>('membership-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void guard(() => onMembership(e.target as HTMLFormElement))();
  });
  $<HTMLSelectElement>('event-select').addEventListener('change', (e) => {
    store.event = (e.target as HTMLSelectElement).value;
    void refreshStatus();
  });
  $('pay-button').addEventListener(
    'click',
    guard(async () => {
      const event = selected();
      if (!event) return;
      const registration = await api.getRegistration(store.email, event.id, event.year);
      const confirming =
        registration?.registrationStatus === 'accepted' ||
        registration?.registrationStatus === 'acceptedPending';
      await payForEvent(event, 'Demo', confirming);
    }),
  );
  $('confirm-button').addEventListener(
    'click',
    guard(async () => {
      const event = selected();
      const signedIn = currentSignIn();
      if (!event || !signedIn || !ownToken()) {
        say(`Sign in as ${store.email} (“Sign in” above) to confirm your place.`);
        return;
      }
      const key = { email: store.email, eventID: event.id, year: event.year };
      const answer = await createSignedInApi(bearer(signedIn)).confirm(key);
      say(`Confirmed: ${answer.registrationStatus}.`);
      await refreshStatus();
    }),
  );
  for (const button of document.querySelectorAll<HTMLButtonElement>('#admin-actions button')) {
    button.addEventListener(
      'click',
      guard(async () => {
        const event = selected();
        if (!event) return;
        const res = await fetch('/demo/admin/decide', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            email: store.email,
            eventID: event.id,
            year: event.year,
            decision: button.dataset.decision,
          }),
        });
        const out = (await res.json()) as { state?: string; reason?: string };
        say(`Admin decision recorded: ${out.state ?? ''}${out.reason ? ` (${out.reason})` : ''}`);
        await refreshStatus();
      }),
    );
  }
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="paymentType"]')) {
    radio.addEventListener('change', () => {
      const isNew = radio.value === 'UserMember' && radio.checked;
      if (radio.checked) $('password-field').hidden = !isNew;
      ($('password-field').querySelector('input') as HTMLInputElement).required = isNew;
    });
  }
  for (const input of document.querySelectorAll<HTMLInputElement>('input[name="email"]')) {
    if (store.email) input.value = store.email;
  }
}

/** A sign-in makes the forms and the status panel the signed-in person's. */
function onSignIn(signedIn: SignedIn | undefined) {
  if (signedIn) {
    store.email = signedIn.email;
    for (const input of document.querySelectorAll<HTMLInputElement>('input[name="email"]')) {
      if (input.form?.id !== 'sign-in-form') input.value = signedIn.email;
    }
  }
  void refreshStatus();
}

async function main() {
  wire();
  events = (await (await fetch('/demo/events')).json()) as DemoEvent[];
  if (!store.event && events[0]) store.event = `${events[0].id};${events[0].year}`;
  handleLanding();
  renderEvents();
  await startAccount(events, explain, onSignIn);
  const info = (await (await fetch('/demo/info')).json()) as Record<string, string>;
  $('info').textContent = Object.entries(info)
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
  await refreshStatus();
}

void main().catch((error) => say(explain(error), true));
