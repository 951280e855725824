/**
 * A deep copy with every `undefined` dropped (and `null` kept). The document client refuses
 * `undefined` unless the caller configured `removeUndefinedValues`, and the client is the
 * caller's, so items are cleaned here instead. Everything stored is plain JSON already.
 */
export function plainItem<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The entries of a record whose value is not `undefined`. */
export function definedEntries(record: object): [string, unknown][] {
  return Object.entries(record).filter(([, v]) => v !== undefined);
}
