import { type AuditEntry, countSeats } from '@biztech/payments-core';
import { MEMBERSHIP_YEAR, type SimWorld } from './sim-world.ts';

/** Registration states that mean "this person has the place they paid for". */
const FULFILLED_REGISTRATION = new Set(['registered', 'acceptedComplete', 'checkedIn']);
const FULFILLED_MEMBERSHIP = new Set(['active']);

/** Fulfilments in an audit trail: entries into a fulfilled state from outside it. */
const fulfilments = (trail: AuditEntry[], fulfilled: Set<string>) =>
  trail.filter((entry) => fulfilled.has(entry.to) && !fulfilled.has(entry.from));

/**
 * The invariants every schedule must end with, read from what is stored (the in-memory stores,
 * stripe-local, the log lines): each broken one is a line naming what broke, empty when all hold.
 *
 * - every paid session has exactly one owner: a fulfilled record, a refund, or an open queue item
 *   (or, when an operator decided to keep the money — a queue item accepted or dismissed, a cancel
 *   without refund — that decision and nothing else);
 * - no payment fulfils twice (two records, or the same record twice);
 * - registered ≤ capacity plus the recorded overbookings;
 * - the seat counter equals the seats the stored statuses hold;
 * - the outbox is empty (everything was carried out, or became a queue item);
 * - no password appears in any store, log line or Stripe object.
 */
export async function brokenInvariants(world: SimWorld): Promise<string[]> {
  const broken: string[] = [];
  const { stores, local } = world;
  // The event as stored, not as the schedule began: the check reads what the system holds.
  const event = (await stores.events.getEvent(world.event.id, world.event.year)) ?? world.event;
  const registrations = await stores.registrations.listEventRegistrations(event.id, event.year);
  const queue = stores.operations.inspect().queue;
  const paid = local.sessions().filter((s) => s.payment_status === 'paid');

  // Trails of every record: registrations of the event, memberships of anyone a session names.
  const registrationTrails = await Promise.all(
    registrations.map(async (r) => ({ r, trail: await stores.auditTrail.registrationAudit(r.key) })),
  );
  const membershipEmails = new Set(
    local
      .sessions()
      .map((s) => s.metadata?.email)
      .filter((e): e is string => typeof e === 'string'),
  );
  for (const r of registrations) membershipEmails.add(r.key.email);
  const memberships = await Promise.all(
    [...membershipEmails].map(async (email) => {
      const key = { email, membershipYear: MEMBERSHIP_YEAR };
      return {
        email,
        snapshot: await stores.memberships.loadMembership(key),
        trail: await stores.auditTrail.membershipAudit(key),
      };
    }),
  );

  for (const session of paid) {
    const owners: string[] = [];
    let operatorKept = false;
    for (const { r, trail } of registrationTrails) {
      if (r.stored.kind !== 'snapshot') continue;
      const { value, context } = r.stored.snapshot;
      if (context.payment?.sessionId !== session.id) continue;
      if (FULFILLED_REGISTRATION.has(String(value)))
        owners.push(`registration ${r.key.email} (${String(value)})`);
      else if (trail.some((e) => e.actor && e.to === 'cancelled')) operatorKept = true;
    }
    for (const m of memberships) {
      if (
        m.snapshot &&
        FULFILLED_MEMBERSHIP.has(String(m.snapshot.value)) &&
        m.snapshot.context.payment?.sessionId === session.id
      )
        owners.push(`membership ${m.email}`);
    }
    if (typeof session.payment_intent === 'string') {
      const refunds = await world.stripe.refunds.list({ payment_intent: session.payment_intent });
      if (refunds.data.some((refund) => refund.status === 'succeeded')) owners.push('refund');
    }
    for (const item of queue) {
      if (item.sessionId !== session.id) continue;
      if (item.status === 'open') owners.push(`open queue item ${item.id}`);
      else if (item.resolution && item.resolution.action !== 'refund') operatorKept = true;
    }
    if (owners.length > 1 || (owners.length === 0 && !operatorKept)) {
      broken.push(`paid session ${session.id} has ${owners.length} owners: ${owners.join(', ') || 'none'}`);
    }
  }

  const bySession = new Map<string, number>();
  const allFulfilments = [
    ...registrationTrails.flatMap(({ trail }) => fulfilments(trail, FULFILLED_REGISTRATION)),
    ...memberships.flatMap(({ trail }) => fulfilments(trail, FULFILLED_MEMBERSHIP)),
  ];
  for (const entry of allFulfilments) {
    if (entry.sessionId) bySession.set(entry.sessionId, (bySession.get(entry.sessionId) ?? 0) + 1);
  }
  for (const [sessionId, count] of bySession) {
    if (count > 1) broken.push(`session ${sessionId} fulfilled ${count} times`);
  }

  const snapshots = registrations.flatMap((r) => (r.stored.kind === 'snapshot' ? [r.stored.snapshot] : []));
  const registered = snapshots.filter((s) => FULFILLED_REGISTRATION.has(String(s.value)));
  const overbooked = registered.filter((s) => s.context.overbooked === true).length;
  const capacity = event.capac ?? Number.POSITIVE_INFINITY;
  if (registered.length > capacity + overbooked) {
    broken.push(
      `${registered.length} registered for ${capacity} seats with ${overbooked} recorded overbookings`,
    );
  }
  const counter = await stores.events.seatsTaken(event.id, event.year);
  const held = countSeats(registrations, { isApplicationBased: event.isApplicationBased, priceCents: 1999 });
  if (counter !== held) broken.push(`seat counter reads ${counter}, stored statuses hold ${held}`);

  const outbox = stores.operations.inspect().outbox;
  if (outbox.length > 0) broken.push(`outbox still holds ${outbox.map((i) => i.id).join(', ')}`);

  const everything =
    JSON.stringify([stores.inspect(), stores.operations.inspect(), local.sessions(), local.events()]) +
    world.logs.text();
  for (const password of world.passwords) {
    if (everything.includes(password))
      broken.push(`password ${password} is stored, logged or sent to Stripe`);
  }
  return broken;
}
