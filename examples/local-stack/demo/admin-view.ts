// The admin view: an event's registrations with their payment and the seat counter, the commands
// on each (decision, check-in, cancel with or without refund, promote), the operator queue and a
// reconcile pass. Every call goes to the admin routes with the signed-in admin's ID token.
import { $, actionButton, el, money } from './dom.ts';
import { queueEntry } from './queue-view.ts';
import type { AdminRegistration, RegistrationKey, SignedInApi } from './signed-in-api.ts';

/** An event the admin can pick (from `GET /demo/events`). */
export interface AdminEventChoice {
  id: string;
  year: number;
  ename: string;
  isApplicationBased: boolean;
}

/** What the view needs: the API with the admin's token, the events, and where to report. */
export interface AdminViewDeps {
  api: SignedInApi;
  events: AdminEventChoice[];
  report(text: string, isError?: boolean): void;
  explain(error: unknown): string;
}

const DONE = new Set(['cancelled', 'checkedIn']);

/**
 * The commands that make sense in a registration's state; the API refuses the rest with a 409 anyway.
 * An application under review shows as `registered` (free) or `incomplete` (paid) with application
 * `reviewing` on the wire (today's statuses), so the application status decides what is offered.
 */
function commandsFor(r: AdminRegistration, application: boolean) {
  const s = r.registrationStatus;
  const app = r.applicationStatus;
  const undecided = application && !DONE.has(s) && ['reviewing', 'rejected', 'waitlist'].includes(app);
  return {
    decisions: (['accepted', 'rejected', 'waitlist'] as const).filter((d) => undecided && app !== d),
    checkIn: !undecided && (s === 'registered' || s === 'acceptedComplete'),
    promote: s === 'waitlist' && !application,
    cancel: !DONE.has(s),
    refund: !DONE.has(s) && r.payment !== null,
  };
}

/** An API answer as a line, e.g. `registrationStatus cancelled, refund $19.99 CAD (cs_…)`. */
function describe(answer: unknown): string {
  if (typeof answer !== 'object' || answer === null) return String(answer);
  return Object.entries(answer)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => {
      const refund = value as { amount?: number; currency?: string; sessionId?: string } | null;
      if (name === 'refund' && refund?.amount !== undefined && refund.currency) {
        return `refund ${money(refund.amount, refund.currency)} (${refund.sessionId ?? ''})`;
      }
      return `${name} ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`;
    })
    .join(', ');
}

/** A session id shortened for the table (the whole id is in the cell's title). */
const shortId = (id: string) => (id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-6)}` : id);

const DECISION_LABELS = { accepted: 'Accept', rejected: 'Reject', waitlist: 'Waitlist' } as const;

/** Starts the admin view in `#admin`; returns a function that reloads everything it shows. */
export function startAdminView(deps: AdminViewDeps): () => Promise<void> {
  const { api } = deps;
  const eventSelect = $<HTMLSelectElement>('admin-event');
  const statusSelect = $<HTMLSelectElement>('admin-status');
  const queueSelect = $<HTMLSelectElement>('queue-status');
  eventSelect.replaceChildren(
    ...deps.events.map((e) => el('option', `${e.ename} (${e.year})`, { value: `${e.id};${e.year}` })),
  );
  const picked = () => deps.events.find((e) => `${e.id};${e.year}` === eventSelect.value);

  /** Runs one command, says what happened, and reloads the view (statuses and seats changed). */
  const run = (what: string, command: () => Promise<unknown>) => async () => {
    try {
      const answer = await command();
      deps.report(`${what}: ${describe(answer)}`);
    } catch (error) {
      deps.report(`${what} refused: ${deps.explain(error)}`, true);
    }
    await refresh();
  };

  function row(r: AdminRegistration, event: AdminEventChoice): HTMLTableRowElement {
    const key: RegistrationKey = { email: r.email, eventID: event.id, year: event.year };
    const can = commandsFor(r, event.isApplicationBased);
    const actions = el('td');
    for (const d of can.decisions) {
      actions.append(
        actionButton(
          DECISION_LABELS[d],
          run(`${DECISION_LABELS[d]} ${r.email}`, () => api.decide(key, d)),
        ),
      );
    }
    if (can.checkIn)
      actions.append(
        actionButton(
          'Check in',
          run(`Check in ${r.email}`, () => api.checkIn(key)),
        ),
      );
    if (can.promote)
      actions.append(
        actionButton(
          'Promote',
          run(`Promote ${r.email}`, () => api.promote(key)),
        ),
      );
    if (can.cancel)
      actions.append(
        actionButton(
          'Cancel',
          run(`Cancel ${r.email}`, () => api.cancel(key, false)),
        ),
      );
    if (can.refund) {
      actions.append(
        actionButton(
          'Cancel and refund',
          run(`Cancel and refund ${r.email}`, () => api.cancel(key, true)),
        ),
      );
    }
    const tr = el('tr', '', { 'data-email': r.email });
    tr.append(
      el('td', r.email),
      el('td', r.registrationStatus, { class: 'status' }),
      el('td', r.applicationStatus || '—', { class: 'application' }),
      r.payment
        ? el('td', `${money(r.payment.amountTotal, r.payment.currency)} · ${shortId(r.payment.sessionId)}`, {
            title: r.payment.sessionId,
          })
        : el('td', '—'),
      el('td', r.updatedAt ? new Date(r.updatedAt).toLocaleTimeString() : '—'),
      actions,
    );
    return tr;
  }

  async function loadRegistrations(cursor?: string) {
    const event = picked();
    if (!event) return;
    const page = await api.registrations(event.id, event.year, {
      status: statusSelect.value,
      ...(cursor ? { cursor } : {}),
    });
    const body = $('admin-registrations').querySelector('tbody') as HTMLElement;
    const rows = page.items.map((r) => row(r, event));
    if (cursor) body.append(...rows);
    else body.replaceChildren(...rows);
    if (!cursor && rows.length === 0) {
      const empty = el('tr');
      empty.append(el('td', 'No registrations.', { colspan: '6' }));
      body.append(empty);
    }
    $('admin-seats').textContent =
      `Seats taken: ${page.seats.taken} of ${page.seats.capacity ?? 'unlimited'}`;
    const more = $<HTMLButtonElement>('admin-more');
    more.hidden = !page.cursor;
    more.onclick = () => void loadRegistrations(page.cursor).catch((e) => deps.report(deps.explain(e), true));
  }

  async function loadQueue(cursor?: string) {
    const page = await api.queue(queueSelect.value === 'resolved' ? 'resolved' : 'open', cursor);
    const list = $('queue-items');
    const entries = page.items.map((item) =>
      queueEntry(item, (action, note) => run(`Resolve ${item.id}`, () => api.resolve(item.id, action, note))),
    );
    if (cursor) list.append(...entries);
    else list.replaceChildren(...entries);
    if (!cursor && entries.length === 0) list.append(el('li', 'Nothing here.'));
    // Oldest first, 50 a page: the newest items are on later pages.
    const more = $<HTMLButtonElement>('queue-more');
    more.hidden = !page.cursor;
    more.onclick = () => void loadQueue(page.cursor).catch((e) => deps.report(deps.explain(e), true));
  }

  async function refresh() {
    try {
      await Promise.all([loadRegistrations(), loadQueue()]);
    } catch (error) {
      deps.report(deps.explain(error), true);
    }
  }

  $('reconcile-button').onclick = run('Reconcile pass', async () => {
    const report = await api.reconcile();
    $('reconcile-report').replaceChildren(
      ...Object.entries(report).flatMap(([name, value]) => [el('dt', name), el('dd', String(value))]),
    );
    return report;
  });
  for (const select of [eventSelect, statusSelect, queueSelect]) select.onchange = () => void refresh();
  $('admin-refresh').onclick = () => void refresh();
  return refresh;
}
