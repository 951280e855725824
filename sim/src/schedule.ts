import { isQuietPass } from '@biztech/payments-http';
import {
  eventPaymentBody,
  membershipBody,
  registrationBody,
} from '../../packages/http-adapter/test/support/fixtures.ts';
import { type Answer, CLIENT_URL, type SimWorld } from './sim-world.ts';

/** What a schedule has seen so far: the people in it and the checkout sessions they were given. */
interface ScheduleState {
  people: string[];
  sessions: string[];
  newAccounts: number;
}

/** One step of a schedule, picked by weight. */
interface Action {
  name: string;
  weight: number;
  run(world: SimWorld, state: ScheduleState): Promise<void>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SCHEDULED_PASS_EVERY = 24 * HOUR;
const MEMBERSHIP_KINDS = ['Member', 'OAuthMember', 'UserMember'] as const;

const pick = <T>(world: SimWorld, items: readonly T[]): T =>
  items[Math.floor(world.random() * items.length)] as T;
const between = (world: SimWorld, low: number, high: number) =>
  low + Math.floor(world.random() * (high - low + 1));

/** A customer (or an operator) retries what got no answer or a 5xx, a few times, as the page's retry would. */
async function retrying(world: SimWorld, send: () => Promise<Answer>): Promise<Answer> {
  let answer = await send();
  for (let attempt = 1; attempt < 3 && (answer === 'no answer' || answer.status >= 500); attempt += 1) {
    world.clock.advance(between(world, 100, 5_000));
    answer = await send();
  }
  return answer;
}

/** One tab, or two tabs sending the same request at the same moment. */
async function tabs(world: SimWorld, send: () => Promise<Answer>): Promise<Answer[]> {
  if (world.random() < 0.35) return Promise.all([retrying(world, send), retrying(world, send)]);
  return [await retrying(world, send)];
}

const remember = (state: ScheduleState, answers: Answer[]) => {
  for (const answer of answers) {
    const id = answer !== 'no answer' ? answer.body?.sessionId : undefined;
    if (typeof id === 'string' && !state.sessions.includes(id)) state.sessions.push(id);
  }
};

const admin = (world: SimWorld) => ({ authorization: `Bearer ${world.adminToken}` });

/** An operator's command on someone's registration, retried when it fails as any operator would. */
async function adminCommand(
  world: SimWorld,
  state: ScheduleState,
  command: string,
  body?: unknown,
): Promise<void> {
  const email = encodeURIComponent(pick(world, state.people));
  const path = `/admin/registrations/${email}/${world.event.id}/${world.event.year}/${command}`;
  await retrying(world, () => world.call('POST', path, body, admin(world)));
}

/** The steps a schedule is made of: customers, Stripe, time, operators and the reconciler. */
const ACTIONS: Action[] = [
  {
    name: 'register',
    weight: 10,
    async run(world, state) {
      const email = pick(world, state.people);
      await tabs(world, () => world.call('POST', '/registrations', registrationBody(email, world.event)));
    },
  },
  {
    name: 'event checkout',
    weight: 12,
    async run(world, state) {
      const email = pick(world, state.people);
      remember(
        state,
        await tabs(world, () => world.call('POST', '/payments', eventPaymentBody(email, world.event))),
      );
    },
  },
  {
    name: 'customer registers and pays',
    weight: 8,
    async run(world, state) {
      const email = pick(world, state.people);
      await retrying(world, () => world.call('POST', '/registrations', registrationBody(email, world.event)));
      const answers = await tabs(world, () =>
        world.call('POST', '/payments', eventPaymentBody(email, world.event)),
      );
      remember(state, answers);
      const id = answers.map((a) => (a === 'no answer' ? undefined : a.body?.sessionId)).find(Boolean);
      if (typeof id === 'string' && world.local.getSession(id)?.status === 'open') world.local.pay(id);
    },
  },
  {
    name: 'racing instance opens a second session',
    weight: 3,
    async run(world, state) {
      // What an instance that lost a race would have opened for the same registration: a second live
      // session. Only for a registration that has a checkout of its own, as only then did two instances race.
      const email = pick(world, state.people);
      const stored = await world.stores.registrations.loadRegistration({
        email,
        eventID: world.event.id,
        year: world.event.year,
      });
      if (stored?.kind !== 'snapshot' || !stored.snapshot.context.checkout) return;
      const session = await world.deps.gateway
        .createCheckout({
          reference: {
            kind: 'registration',
            email,
            eventID: world.event.id,
            year: world.event.year,
            attempt: 90,
          },
          amount: 1999,
          currency: 'cad',
          productName: world.event.ename,
          successUrl: `${CLIENT_URL}event/${world.event.id}/${world.event.year}/register/success`,
          cancelUrl: CLIENT_URL,
          customerEmail: email,
          expiresAt: world.clock.now() + HOUR,
          idempotencyKey: `racing-tab:${email}:${state.sessions.length}`,
        })
        .catch(() => undefined);
      if (session) state.sessions.push(session.id);
    },
  },
  {
    name: 'membership checkout',
    weight: 7,
    async run(world, state) {
      const kind = pick(world, MEMBERSHIP_KINDS);
      let email = pick(world, state.people);
      let extra = {};
      if (kind === 'UserMember') {
        // A new account: its password goes to the identity provider and nowhere else.
        state.newAccounts += 1;
        email = `new${state.newAccounts}-${world.seed}@ubc.ca`;
        const password = `Sim-Pa55-${world.seed}-${state.newAccounts}!`;
        world.passwords.push(password);
        extra = { password };
      }
      const body = membershipBody(email, kind, extra);
      remember(state, await tabs(world, () => world.call('POST', '/payments', body)));
    },
  },
  {
    name: 'pay',
    weight: 14,
    async run(world, state) {
      if (state.sessions.length === 0) return;
      const id = pick(world, state.sessions);
      if (world.local.getSession(id)?.status !== 'open') return;
      const declined = world.random() < 0.1;
      try {
        world.local.pay(id, { fail: declined });
      } catch (error) {
        // A declined card leaves the session open (stripe-local answers 402 card_declined).
        if (!declined) throw error;
      }
    },
  },
  {
    name: 'success page',
    weight: 5,
    async run(world, state) {
      if (state.sessions.length === 0) return;
      const id = pick(world, state.sessions);
      await tabs(world, () => world.call('GET', `/payments/sessions/${id}`));
    },
  },
  {
    name: 'webhooks',
    weight: 16,
    async run(world) {
      world.clock.advance(between(world, 0, Math.max(1, world.faults.stripe.webhookDelayMs)));
      await world.deliver();
    },
  },
  {
    name: 'time passes',
    weight: 3,
    async run(world) {
      await passTime(world, pick(world, [10 * MINUTE, HOUR, 6 * HOUR, 25 * HOUR]));
    },
  },
  {
    name: 'session expires',
    weight: 2,
    async run(world, state) {
      const open = state.sessions.filter((id) => world.local.getSession(id)?.status === 'open');
      if (open.length > 0) world.local.expireSession(pick(world, open));
    },
  },
  {
    name: 'reconcile',
    weight: 5,
    async run(world) {
      await world.reconcile();
    },
  },
  {
    name: 'admin cancels',
    weight: 3,
    run: (world, state) => adminCommand(world, state, 'cancel', { refund: world.random() < 0.7 }),
  },
  { name: 'admin checks in', weight: 2, run: (world, state) => adminCommand(world, state, 'check-in') },
  { name: 'admin promotes', weight: 2, run: (world, state) => adminCommand(world, state, 'promote') },
  {
    name: 'admin decides',
    weight: 3,
    run: (world, state) =>
      adminCommand(world, state, 'decision', {
        decision: pick(world, ['accepted', 'accepted', 'rejected', 'waitlist'] as const),
      }),
  },
  {
    name: 'admin grants a membership',
    weight: 2,
    async run(world, state) {
      const email = encodeURIComponent(pick(world, state.people));
      const body = { reason: 'exec', fname: 'Ada', lname: 'Lovelace', education: 'UBC' };
      await retrying(world, () =>
        world.call('POST', `/admin/memberships/${email}/grant`, body, admin(world)),
      );
    },
  },
  {
    name: 'admin resolves a queue item',
    weight: 3,
    async run(world) {
      const list = await world.call('GET', '/admin/queue?status=open', undefined, admin(world));
      const items = list !== 'no answer' && Array.isArray(list.body?.items) ? list.body.items : [];
      if (items.length === 0) return;
      const item = pick(world, items) as { id: string };
      const action = pick(world, ['refund', 'refund', 'accept', 'dismiss'] as const);
      const path = `/admin/queue/${encodeURIComponent(item.id)}/resolve`;
      // An operator whose request failed tries the same resolution again, as the route expects.
      await retrying(world, () => world.call('POST', path, { action, note: 'sim' }, admin(world)));
    },
  },
  {
    name: 'admin reconciles',
    weight: 1,
    async run(world) {
      await retrying(world, () => world.call('POST', '/admin/reconcile', {}, admin(world)));
    },
  },
];

const TOTAL_WEIGHT = ACTIONS.reduce((sum, a) => sum + a.weight, 0);

function nextAction(world: SimWorld): Action {
  let draw = world.random() * TOTAL_WEIGHT;
  for (const action of ACTIONS) {
    draw -= action.weight;
    if (draw < 0) return action;
  }
  return ACTIONS[ACTIONS.length - 1] as Action;
}

/** Runs `steps` random steps on `world`; returns the names of the steps, in order (the schedule). */
export async function runSchedule(world: SimWorld, steps: number, people: string[]): Promise<string[]> {
  const state: ScheduleState = { people, sessions: [], newAccounts: 0 };
  const names: string[] = [];
  for (let i = 0; i < steps; i += 1) {
    const action = nextAction(world);
    names.push(action.name);
    await action.run(world, state);
  }
  return names;
}

/**
 * Lets the world come to rest with every fault off, as production does between incidents: every
 * planned delivery goes out, a day passes (open checkouts lapse at Stripe), then reconcile passes
 * run half an hour apart until two in a row change nothing. Returns the passes it took, or
 * undefined when it never settled.
 */
export async function settle(world: SimWorld, maxPasses = 40): Promise<number | undefined> {
  await drainDeliveries(world);
  await passTime(world, 25 * HOUR);
  await drainDeliveries(world);
  let calmPasses = 0;
  for (let pass = 1; pass <= maxPasses; pass += 1) {
    const report = await world.reconcile();
    calmPasses = report !== 'failed' && isQuietPass(report) ? calmPasses + 1 : 0;
    if (calmPasses === 2) return pass;
    world.clock.advance(30 * MINUTE);
    world.local.expireDue();
    await drainDeliveries(world);
  }
  return undefined;
}

/**
 * Lets `ms` of simulated time pass as production would: Stripe expires what is due and delivers,
 * and the scheduled reconciler runs at least once a day (every 15 minutes in the deployment).
 * A schedule never skips days without a pass: a first pass looks back only `FIRST_PASS_WINDOW_S`,
 * and later ones from their checkpoint.
 */
async function passTime(world: SimWorld, ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= SCHEDULED_PASS_EVERY) {
    world.clock.advance(Math.min(left, SCHEDULED_PASS_EVERY));
    world.local.expireDue();
    await world.deliver();
    if (left >= SCHEDULED_PASS_EVERY) await world.reconcile();
  }
}

async function drainDeliveries(world: SimWorld): Promise<void> {
  world.deliveries.collect();
  for (let due = world.deliveries.nextDueAt(); due !== undefined; due = world.deliveries.nextDueAt()) {
    if (due > world.clock.now()) world.clock.advance(due - world.clock.now());
    await world.deliveries.deliverDue(world.clock.now());
    world.deliveries.collect();
  }
}
