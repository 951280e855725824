// One item of the operator queue on the admin view: what the money is, whose, why it is there, and
// (while open) how to resolve it: refund, accept (honour the payment) or dismiss, with a note.
import { actionButton, el, money } from './dom.ts';
import type { QueueAction, QueueItem } from './signed-in-api.ts';

/** Who the money belongs to, as a line. */
function subjectOf(item: QueueItem): string {
  if (item.subject?.kind === 'registration') {
    return `${item.subject.key.email} · ${item.subject.key.eventID} ${item.subject.key.year}`;
  }
  if (item.subject) return `${item.subject.key.email} · membership ${item.subject.key.membershipYear}`;
  return 'no record';
}

/**
 * A list entry for `item`. `resolve(action, note)` gives the click handler of its Resolve button;
 * a resolved item shows how, by whom and with which note instead.
 */
export function queueEntry(
  item: QueueItem,
  resolve: (action: QueueAction, note: string) => () => Promise<void>,
): HTMLLIElement {
  const li = el('li', '', { 'data-id': item.id });
  const amount = item.amount !== undefined && item.currency ? ` · ${money(item.amount, item.currency)}` : '';
  li.append(
    el('strong', item.kind),
    el(
      'span',
      ` ${item.reason} · ${subjectOf(item)}${amount} · ${new Date(item.createdAt).toLocaleString()}`,
    ),
  );
  if (item.status === 'resolved') {
    const r = item.resolution;
    const note = r?.note ? ` (“${r.note}”)` : '';
    li.append(el('span', ` · resolved: ${r?.action ?? ''}${note} by ${r?.by.email ?? ''}`));
    return li;
  }
  const action = el('select', '', { 'aria-label': 'Resolution' });
  action.append(...(['refund', 'accept', 'dismiss'] as const).map((a) => el('option', a, { value: a })));
  const note = el('input', '', { 'aria-label': 'Note', placeholder: 'note (needed to dismiss)' });
  li.append(
    action,
    note,
    actionButton('Resolve', () => resolve(action.value as QueueAction, note.value.trim())()),
  );
  return li;
}
