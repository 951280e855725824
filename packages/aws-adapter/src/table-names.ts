/** The tables the adapter reads and writes, by role. */
export interface TableNames {
  /** `biztechEvents`: `id` (S) + `year` (N). */
  events: string;
  /** `biztechUsers`: `id` (S, lower-cased email). */
  users: string;
  /** `biztechMembers<year>`: `id` (S, email), GSI `profile-query` on `profileID`. */
  members: string;
  /** `biztechRegistrations`: `id` (S, email) + `eventID;year` (S), GSI `event-query`. */
  registrations: string;
  /** `biztechProfiles`: `compositeID` (S, `PROFILE#<profileID>`) + `type` (S, `PROFILE`). */
  profiles: string;
  /** `biztechPayments`, this package's own table: `pk` (S) + `sk` (S), TTL on `expiresAt`. */
  payments: string;
}

/** Options every factory of this package takes to find its tables. */
export interface TableOptions {
  /** Appended to every default table name, e.g. `PROD` gives `biztechUsersPROD`. */
  tableSuffix?: string;
  /** Full names that replace the defaults (the suffix is not applied to these). */
  tableNames?: Partial<TableNames>;
  /** The membership year whose member table (`biztechMembers<year>`) is the default; 2026 unless given. */
  membershipYear?: number;
}

/** The membership year when none is configured: the year `biztechMembers2026` is for. */
export const DEFAULT_MEMBERSHIP_YEAR = 2026;

/** Resolved table names, plus the member table of any membership year. */
export interface ResolvedTables extends TableNames {
  membershipYear: number;
  /** The member table of `year`: the configured one for the configured year, else `biztechMembers<year><suffix>`. */
  membersOf(year: number): string;
}

/**
 * Fills in the table names: defaults with the suffix, overridden by `tableNames`.
 *
 * @example
 * ```ts
 * resolveTables({ tableSuffix: 'PROD' }).users // 'biztechUsersPROD'
 * ```
 */
export function resolveTables(options: TableOptions = {}): ResolvedTables {
  const suffix = options.tableSuffix ?? '';
  const membershipYear = options.membershipYear ?? DEFAULT_MEMBERSHIP_YEAR;
  const names: TableNames = {
    events: options.tableNames?.events ?? `biztechEvents${suffix}`,
    users: options.tableNames?.users ?? `biztechUsers${suffix}`,
    members: options.tableNames?.members ?? `biztechMembers${membershipYear}${suffix}`,
    registrations: options.tableNames?.registrations ?? `biztechRegistrations${suffix}`,
    profiles: options.tableNames?.profiles ?? `biztechProfiles${suffix}`,
    payments: options.tableNames?.payments ?? `biztechPayments${suffix}`,
  };
  return {
    ...names,
    membershipYear,
    // Each membership year has its own table today; only the configured year may be renamed.
    membersOf: (year) => (year === membershipYear ? names.members : `biztechMembers${year}${suffix}`),
  };
}
