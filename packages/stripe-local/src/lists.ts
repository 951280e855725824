import { invalidRequest } from './errors.js';
import type { FormObject } from './form-encoding.js';
import { optionalInteger, optionalObject, optionalString } from './params.js';

/** Stripe's list envelope. */
export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** The parameters every list endpoint implements (bracketed paths, as in the known-params file). */
export const LIST_PARAMS = [
  'limit',
  'starting_after',
  'ending_before',
  'created',
  'created[gt]',
  'created[gte]',
  'created[lt]',
  'created[lte]',
  'expand[]',
] as const;

/** Cursor parameters shared by every list endpoint. */
export interface ListQuery {
  limit: number;
  startingAfter: string | null;
  endingBefore: string | null;
  /** Keeps items whose `created` (Unix seconds) passes the `created[gt|gte|lt|lte]` or `created=` filter. */
  created: (created: number) => boolean;
}

function readCreated(form: FormObject): (created: number) => boolean {
  const value = form.created;
  if (value === undefined || value === '') return () => true;
  if (typeof value === 'string') {
    const exact = optionalInteger(value, 'created');
    return (created) => created === exact;
  }
  const range = optionalObject(value, 'created') ?? {};
  const bound = (name: string) => optionalInteger(range[name], `created[${name}]`);
  const gt = bound('gt');
  const gte = bound('gte');
  const lt = bound('lt');
  const lte = bound('lte');
  return (created) =>
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte);
}

/** Reads `limit` (1–100, default 10), `starting_after`, `ending_before` and `created` from a query. */
export function readListQuery(form: FormObject): ListQuery {
  const limit = optionalInteger(form.limit, 'limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest('This value must be greater than or equal to 1 and less than or equal to 100.', {
      param: 'limit',
      code: 'parameter_invalid_integer',
    });
  }
  const startingAfter = optionalString(form.starting_after, 'starting_after') || null;
  const endingBefore = optionalString(form.ending_before, 'ending_before') || null;
  if (startingAfter && endingBefore) {
    throw invalidRequest('You may only specify one of these parameters: starting_after, ending_before.', {
      param: 'ending_before',
    });
  }
  return { limit, startingAfter, endingBefore, created: readCreated(form) };
}

/**
 * Cuts one page out of a newest-first list, the way Stripe's cursors do: `starting_after` pages to
 * older items, `ending_before` to newer ones; the page itself stays newest-first either way.
 */
export function paginate<T extends { id: string; created?: number }>(
  newestFirst: readonly T[],
  query: ListQuery,
  url: string,
): StripeList<T> {
  // Items without a creation time (line items) are not subject to the `created` filter.
  const items = newestFirst.filter((item) => item.created === undefined || query.created(item.created));
  const cursor = query.startingAfter ?? query.endingBefore;
  let start = 0;
  let end = items.length;
  if (cursor) {
    const at = items.findIndex((item) => item.id === cursor);
    if (at === -1) {
      const param = query.startingAfter ? 'starting_after' : 'ending_before';
      throw invalidRequest(`No such object: '${cursor}'`, { param, code: 'resource_missing' });
    }
    if (query.startingAfter) start = at + 1;
    else end = at;
  }
  if (query.endingBefore) {
    const from = Math.max(start, end - query.limit);
    return { object: 'list', data: items.slice(from, end), has_more: from > start, url };
  }
  const to = Math.min(end, start + query.limit);
  return { object: 'list', data: items.slice(start, to), has_more: to < end, url };
}
