/** An `UpdateExpression` with its names and values. */
export interface UpdateParts {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/** What an update does to each attribute. `undefined` values are skipped (never written as such). */
export interface UpdateSpec {
  set?: Record<string, unknown>;
  /** Written only when the attribute is absent (e.g. `createdAt`). */
  setIfAbsent?: Record<string, unknown>;
  remove?: readonly string[];
}

/**
 * Builds `SET a = :a, ... REMOVE b` with a placeholder for every name, since attribute names such
 * as `year` are DynamoDB reserved words.
 */
export function updateExpression(spec: UpdateSpec): UpdateParts {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  let next = 0;
  // Every attribute gets its own `#aN` (and `:aN` when it has a value).
  const placeholder = (name: string, value?: unknown) => {
    const id = next++;
    names[`#a${id}`] = name;
    if (value !== undefined) values[`:a${id}`] = value;
    return id;
  };
  const sets: string[] = [];
  for (const [name, value] of Object.entries(spec.set ?? {})) {
    if (value === undefined) continue;
    const id = placeholder(name, value);
    sets.push(`#a${id} = :a${id}`);
  }
  for (const [name, value] of Object.entries(spec.setIfAbsent ?? {})) {
    if (value === undefined) continue;
    const id = placeholder(name, value);
    sets.push(`#a${id} = if_not_exists(#a${id}, :a${id})`);
  }
  const removals = (spec.remove ?? []).map((name) => `#a${placeholder(name)}`);
  const clauses = [
    ...(sets.length ? [`SET ${sets.join(', ')}`] : []),
    ...(removals.length ? [`REMOVE ${removals.join(', ')}`] : []),
  ];
  return {
    UpdateExpression: clauses.join(' '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
