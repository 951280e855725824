import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  APPLICATION_STATUSES,
  eventPriceCents,
  REGISTRATION_STATUSES,
  registrationFromLegacy,
  stateFromStatuses,
  statusesOf,
  VersionConflictError,
} from '@biztech/payments-core';
import { manualClock, paidEvent } from '@biztech/payments-core/conformance';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { localClients } from './support/dynamo.ts';
import { type DynamoHarness, dynamoHarness } from './support/harness.ts';

const { client, doc } = localClients();
let h: DynamoHarness;
const clock = manualClock();
const paidBlueprint = paidEvent({ id: 'blueprint', year: 2026 });
const freeMixer = paidEvent({ id: 'mixer', year: 2026, pricing: undefined, capac: undefined });

beforeAll(async () => {
  h = await dynamoHarness(client, doc, 'legacy');
  await h.seedEvent(paidBlueprint);
  await h.seedEvent(freeMixer);
});
afterAll(() => client.destroy());

// Every pair today's system may have stored, on a paid and on a free event; `undefined` is an
// item written before the attribute existed.
const registrationStatuses = [...REGISTRATION_STATUSES, undefined];
const applicationStatuses = [...APPLICATION_STATUSES, undefined];
const cases = [paidBlueprint, freeMixer].flatMap((event) =>
  registrationStatuses.flatMap((registrationStatus) =>
    applicationStatuses.map((applicationStatus) => ({ event, registrationStatus, applicationStatus })),
  ),
);

describe('legacy registrations (no snapshot), every stored status pair', () => {
  test.each(cases)(
    '$event.id: registrationStatus=$registrationStatus applicationStatus=$applicationStatus loads through the legacy mapping, and what we write back reads the same',
    async ({ event, registrationStatus, applicationStatus }) => {
      // Prepare: an item exactly as today's registration endpoint writes it.
      const app = applicationStatus === undefined ? 'missing' : applicationStatus || 'empty';
      const email = `${event.id}.${registrationStatus ?? 'missing'}.${app}@ubc.ca`.toLowerCase();
      const key = { email, eventID: event.id, year: event.year };
      const legacy = {
        id: email,
        'eventID;year': `${event.id};${event.year}`,
        ...(registrationStatus === undefined ? {} : { registrationStatus }),
        ...(applicationStatus === undefined ? {} : { applicationStatus }),
        fname: 'Ada',
        studentId: 12345678,
        isPartner: false,
        points: 0,
        basicInformation: { fname: 'Ada', lname: 'Lovelace', year: '2nd Year', faculty: 'Commerce' },
        dynamicResponses: { q1: 'yes', q2: ['a', 'b'] },
        createdAt: 1_700_000_000_000,
      };
      await h.put(h.tables.registrations, legacy);
      const facts = {
        isApplicationBased: event.isApplicationBased,
        priceCents: eventPriceCents(event.pricing, false),
      };

      // Act: load it, map it with core's legacy mapping, and commit it back at version 1.
      const loaded = await h.registrations.loadRegistration(key);
      if (loaded?.kind !== 'legacy') throw new Error(`expected a legacy item, got ${loaded?.kind}`);
      const mapped = registrationFromLegacy(loaded.item, facts);
      const next = { ...mapped, version: 1 };
      const audit = {
        at: clock.now(),
        event: 'MIGRATE',
        from: mapped.value,
        to: mapped.value,
        outcome: 'applied' as const,
        effects: [],
      };
      await h.registrations.commitRegistration({
        key,
        expected: { exists: true, version: 0 },
        next,
        effects: [],
        audit,
      });
      const stored = (
        await doc.send(
          new GetCommand({
            TableName: h.tables.registrations,
            Key: { id: email, 'eventID;year': legacy['eventID;year'] },
          }),
        )
      ).Item as Record<string, unknown>;

      // Assess: the state is what the stored strings meant; today's readers find strings they know,
      // which still mean the same state, and every attribute of the form untouched.
      expect(loaded.item).toMatchObject(legacy);
      expect(mapped.value).toBe(stateFromStatuses(registrationStatus, applicationStatus, facts));
      const written = statusesOf(next);
      const { registrationStatus: _r, applicationStatus: _a, ...form } = legacy;
      expect(stored).toMatchObject({
        ...form,
        registrationStatus: written.registrationStatus,
        paymentVersion: 1,
      });
      expect(stored.applicationStatus).toBe(written.applicationStatus);
      expect(REGISTRATION_STATUSES).toContain(stored.registrationStatus);
      // An item that never had one gets what the frontend writes for a non-application event: ''.
      expect(APPLICATION_STATUSES).toContain(stored.applicationStatus);
      expect(
        stateFromStatuses(stored.registrationStatus as string, stored.applicationStatus as string, facts),
      ).toBe(mapped.value);
      expect(stored.checkoutLink).toBeUndefined();
      expect(await h.registrations.loadRegistration(key)).toEqual({
        kind: 'snapshot',
        snapshot: next,
        statuses: {
          registrationStatus: written.registrationStatus,
          applicationStatus: written.applicationStatus,
        },
      });
      // The legacy condition (`attribute_not_exists(paymentVersion)`) holds only once.
      await expect(
        h.registrations.commitRegistration({
          key,
          expected: { exists: true, version: 0 },
          next,
          effects: [],
          audit,
        }),
      ).rejects.toBeInstanceOf(VersionConflictError);
    },
  );
});
