import {
  CapacityExceededError,
  DuplicateEventError,
  MemberRecordExistsError,
  ProfileIdTakenError,
  VersionConflictError,
} from '../errors.ts';
import type { MembershipSnapshot } from '../membership/step.ts';
import type { MemberRecord, MembershipKey, ProfileRecord, UserRecord } from '../membership/types.ts';
import type {
  AuditEntry,
  AuditTrail,
  EventRecord,
  EventStore,
  ExpectedVersion,
  MembershipCommit,
  MembershipStore,
  RegistrationCommit,
  RegistrationStore,
  Stored,
  UserStore,
  UserSummary,
} from '../ports.ts';
import type { LegacyRegistration } from '../registration/legacy.ts';
import { statusesOf } from '../registration/legacy.ts';
import type { RegistrationSnapshot } from '../registration/step.ts';
import type { RegistrationKey } from '../registration/types.ts';
import { createMemoryOperations, type MemoryOperations } from './memory-operations.ts';

/** A registration item as the in-memory store keeps it: today's attributes plus our snapshot. */
export interface MemoryRegistrationItem extends Record<string, unknown> {
  id: string;
  'eventID;year': string;
  registrationStatus?: string;
  applicationStatus?: string;
  checkoutLink?: string;
  paymentSnapshot?: RegistrationSnapshot;
}

/** Options of {@link createMemoryStores}. */
export interface MemoryStoreOptions {
  /** The current membership year (whose refund clears `isMember`), as the DynamoDB store's `membershipYear`; 2026 unless given. */
  membershipYear?: number;
}

/** The membership year the in-memory store treats as current when none is given. */
export const DEFAULT_MEMORY_MEMBERSHIP_YEAR = 2026;

/** Every in-memory store, plus seeding and inspection helpers for tests and demos. */
export interface MemoryStores {
  registrations: RegistrationStore;
  memberships: MembershipStore;
  events: EventStore;
  users: UserStore;
  /** The audit lines the commits above wrote, per record. */
  auditTrail: AuditTrail;
  /** Outbox, operator queue and checkpoints; written by the commits above in the same step. */
  operations: MemoryOperations;
  seedEvent(event: EventRecord): void;
  seedUser(user: UserSummary & Record<string, unknown>): void;
  seedLegacyRegistration(item: LegacyRegistration & Record<string, unknown>): void;
  /** Puts a member item into the year's member table, as today's system writes it. */
  seedMember(member: { id: string } & Record<string, unknown>, membershipYear: number): void;
  /** Changes an item's status strings as another service would, without touching our snapshot. */
  overwriteStatuses(
    key: RegistrationKey,
    statuses: { registrationStatus: string; applicationStatus?: string },
  ): void;
  /** Raw items, for assertions. */
  inspect(): {
    registrations: MemoryRegistrationItem[];
    users: Record<string, unknown>[];
    members: MemberRecord[];
    profiles: ProfileRecord[];
    audit: AuditEntry[];
    processedEvents: string[];
    seats: Record<string, number>;
  };
}

const regId = (k: RegistrationKey) => `${k.email}|${k.eventID};${k.year}`;
const memId = (k: MembershipKey) => `${k.email.toLowerCase()}|${k.membershipYear}`;
const seatId = (eventID: string, year: number) => `${eventID};${year}`;
const clone = <T>(v: T): T => structuredClone(v);

function checkVersion(found: { version: number } | undefined, exists: boolean, expected: ExpectedVersion) {
  if (expected.exists !== exists) throw new VersionConflictError();
  if (exists && (found?.version ?? 0) !== expected.version) throw new VersionConflictError();
}

/**
 * In-memory implementations of every store port, with the same conditional, all-or-nothing
 * semantics as the DynamoDB adapter (all conditions are checked before anything is written).
 * For tests, the browser and demos; it keeps nothing across restarts.
 *
 * @example
 * ```ts
 * const stores = createMemoryStores();
 * stores.seedEvent({ id: 'blueprint', year: 2026, ename: 'Blueprint', isApplicationBased: false, capac: 100, pricing: { members: 10, nonMembers: 15 } });
 * await applyRegistrationEvent({ ...stores, clock }, key, registerEvent);
 * ```
 */
export function createMemoryStores(options: MemoryStoreOptions = {}): MemoryStores {
  const currentYear = options.membershipYear ?? DEFAULT_MEMORY_MEMBERSHIP_YEAR;
  const registrations = new Map<string, MemoryRegistrationItem>();
  const membershipSnapshots = new Map<string, MembershipSnapshot>();
  const events = new Map<string, EventRecord>();
  const users = new Map<string, Record<string, unknown>>();
  // Keyed by (email, membership year), as DynamoDB keeps one member table per year.
  const members = new Map<string, MemberRecord>();
  const profiles = new Map<string, ProfileRecord>();
  const seats = new Map<string, number>();
  const processed = new Set<string>();
  const audit: AuditEntry[] = [];
  // The same lines per record (the DynamoDB store keeps them in the record's partition).
  const auditByRecord = new Map<string, AuditEntry[]>();
  const keepAudit = (recordId: string, entry: AuditEntry) => {
    audit.push(clone(entry));
    auditByRecord.set(recordId, [...(auditByRecord.get(recordId) ?? []), clone(entry)]);
  };
  const operations = createMemoryOperations();

  /** An item as `loadRegistration` answers it: our snapshot with the stored strings, or legacy. */
  const storedOf = (item: MemoryRegistrationItem): Stored<RegistrationSnapshot, LegacyRegistration> => {
    if (item.paymentSnapshot) {
      const statuses = {
        registrationStatus: item.registrationStatus,
        applicationStatus: item.applicationStatus,
      };
      return { kind: 'snapshot', snapshot: clone(item.paymentSnapshot), statuses };
    }
    return { kind: 'legacy', item: clone(item) as LegacyRegistration };
  };

  const registrationStore: RegistrationStore = {
    async loadRegistration(key) {
      const item = registrations.get(regId(key));
      return item ? storedOf(item) : undefined;
    },
    async listEventRegistrations(eventID, year) {
      const wanted = `${eventID};${year}`;
      return [...registrations.values()]
        .filter((item) => item['eventID;year'] === wanted)
        .map((item) => ({
          key: { email: item.id, eventID, year },
          stored: storedOf(item),
          createdAt: typeof item.createdAt === 'number' ? item.createdAt : undefined,
          updatedAt: typeof item.updatedAt === 'number' ? item.updatedAt : undefined,
        }));
    },
    async getRegistrationForm(key) {
      const item = registrations.get(regId(key));
      if (!item) return undefined;
      const { paymentSnapshot: _s, ...form } = clone(item);
      return form;
    },
    async listPersonRegistrations(email) {
      const id = email.toLowerCase();
      return [...registrations.values()]
        .filter((item) => item.id === id)
        .map((item) => {
          const { paymentSnapshot: _s, ...attributes } = clone(item);
          const eventYear = String(item['eventID;year']);
          const cut = eventYear.lastIndexOf(';');
          const key = { email: id, eventID: eventYear.slice(0, cut), year: Number(eventYear.slice(cut + 1)) };
          return { key, stored: storedOf(item), attributes };
        });
    },
    async commitRegistration(commit: RegistrationCommit) {
      const id = regId(commit.key);
      const existing = registrations.get(id);
      checkVersion(
        existing ? { version: existing.paymentSnapshot?.version ?? 0 } : undefined,
        existing !== undefined,
        commit.expected,
      );
      if (commit.stripeEventId && processed.has(commit.stripeEventId)) {
        throw new DuplicateEventError(commit.stripeEventId);
      }
      const sid = seatId(commit.key.eventID, commit.key.year);
      // Summed like DynamoDB's single counter update: the capacity condition on the count before
      // the change, and a release that would go below zero dropped (the change itself stands).
      let taken = seats.get(sid) ?? 0;
      let delta = 0;
      let enforce = false;
      for (const effect of commit.effects) {
        if (effect.type === 'seat.hold' || effect.type === 'seat.take') {
          delta += 1;
          enforce ||= effect.type === 'seat.hold' || effect.enforceCapacity;
        } else if (effect.type === 'seat.release') {
          delta -= 1;
        }
      }
      if (delta > 0 && enforce && commit.capacity !== undefined && taken >= commit.capacity)
        throw new CapacityExceededError();
      if (taken + delta >= 0) taken += delta;
      // Every condition held: write it all.
      seats.set(sid, taken);
      if (commit.stripeEventId) processed.add(commit.stripeEventId);
      keepAudit(`registration:${id}`, commit.audit);
      operations.record(commit.outbox, commit.queue);
      const { registrationStatus, applicationStatus } = statusesOf(commit.next);
      const link = commit.next.context.checkout?.url;
      const base: MemoryRegistrationItem = existing
        ? { ...existing }
        : {
            ...clone(commit.form ?? {}),
            id: commit.key.email,
            'eventID;year': `${commit.key.eventID};${commit.key.year}`,
            createdAt: commit.audit.at,
          };
      const item: MemoryRegistrationItem = {
        ...base,
        registrationStatus,
        applicationStatus,
        paymentSnapshot: clone(commit.next),
        updatedAt: commit.audit.at,
      };
      if (link) item.checkoutLink = link;
      else delete item.checkoutLink;
      registrations.set(id, item);
    },
  };

  const membershipStore: MembershipStore = {
    async loadMembership(key) {
      const s = membershipSnapshots.get(memId(key));
      return s ? clone(s) : undefined;
    },
    async getMember(email, membershipYear) {
      const m = members.get(memId({ email, membershipYear }));
      return m ? clone(m) : undefined;
    },
    async getProfile(profileID) {
      const p = profiles.get(`PROFILE#${profileID}`);
      return p ? clone(p) : undefined;
    },
    async commitMembership(commit: MembershipCommit) {
      const id = memId(commit.key);
      const existing = membershipSnapshots.get(id);
      checkVersion(existing, existing !== undefined, commit.expected);
      if (commit.stripeEventId && processed.has(commit.stripeEventId)) {
        throw new DuplicateEventError(commit.stripeEventId);
      }
      for (const effect of commit.effects) {
        if (effect.type !== 'membership.activate') continue;
        if (profiles.has(effect.records.profile.compositeID)) {
          throw new ProfileIdTakenError(effect.records.profile.profileID);
        }
        if (members.has(memId({ email: effect.records.member.id, membershipYear: effect.membershipYear })))
          throw new MemberRecordExistsError();
      }
      membershipSnapshots.set(id, clone(commit.next));
      if (commit.stripeEventId) processed.add(commit.stripeEventId);
      keepAudit(`membership:${id}`, commit.audit);
      operations.record(commit.outbox, commit.queue);
      for (const effect of commit.effects) {
        if (effect.type === 'membership.activate') {
          const { user, member, profile } = effect.records;
          users.set(user.id, { ...(users.get(user.id) ?? {}), ...definedFields(user) });
          members.set(memId({ email: member.id, membershipYear: effect.membershipYear }), clone(member));
          profiles.set(profile.compositeID, clone(profile));
        } else if (effect.type === 'membership.revoke') {
          // `isMember` speaks for the current membership year: another year's refund leaves it alone.
          const user = users.get(effect.email);
          if (user && effect.membershipYear === currentYear)
            users.set(effect.email, { ...user, isMember: false });
        } else if (effect.type === 'membership.repair') {
          const user = users.get(effect.email);
          if (user) users.set(effect.email, { ...user, isMember: true });
        }
      }
    },
  };

  const auditTrail: AuditTrail = {
    async registrationAudit(key) {
      return clone(auditByRecord.get(`registration:${regId(key)}`) ?? []);
    },
    async membershipAudit(key) {
      return clone(auditByRecord.get(`membership:${memId(key)}`) ?? []);
    },
  };

  return {
    registrations: registrationStore,
    memberships: membershipStore,
    auditTrail,
    events: {
      async getEvent(eventID, year) {
        const e = events.get(seatId(eventID, year));
        return e ? clone(e) : undefined;
      },
      async seatsTaken(eventID, year) {
        return seats.get(seatId(eventID, year)) ?? 0;
      },
      async listEvents(fromYear) {
        return [...events.values()].filter((e) => e.year >= fromYear).map(clone);
      },
      async repairSeatsTaken(eventID, year, expected, taken) {
        const id = seatId(eventID, year);
        if ((seats.get(id) ?? 0) !== expected) return false;
        seats.set(id, taken);
        return true;
      },
    },
    operations,
    users: {
      async getUser(email) {
        const u = users.get(email.toLowerCase());
        return u ? ({ ...clone(u), isMember: u.isMember === true } as UserSummary) : undefined;
      },
    },
    seedEvent(event) {
      events.set(seatId(event.id, event.year), clone(event));
    },
    seedUser(user) {
      users.set(user.id.toLowerCase(), clone(user));
    },
    seedLegacyRegistration(item) {
      const [eventID = '', year = '0'] = item['eventID;year'].split(';');
      registrations.set(
        regId({ email: item.id.toLowerCase(), eventID, year: Number(year) }),
        clone(item) as MemoryRegistrationItem,
      );
    },
    seedMember(member, membershipYear) {
      members.set(memId({ email: member.id, membershipYear }), clone(member) as unknown as MemberRecord);
    },
    overwriteStatuses(key, statuses) {
      const item = registrations.get(regId(key));
      if (item) registrations.set(regId(key), { ...item, ...statuses });
    },
    inspect() {
      return {
        registrations: [...registrations.values()].map(clone),
        users: [...users.values()].map(clone),
        members: [...members.values()].map(clone),
        profiles: [...profiles.values()].map(clone),
        audit: audit.map(clone),
        processedEvents: [...processed],
        seats: Object.fromEntries(seats),
      };
    },
  };
}

function definedFields(user: UserRecord): Record<string, unknown> {
  return Object.fromEntries(Object.entries(user).filter(([, v]) => v !== undefined));
}
