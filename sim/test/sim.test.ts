import { describe, expect, it } from 'vitest';
import { describeFailure, describeFigures, runSeeds } from '../src/run-schedules.ts';

// `npm test` runs 300 seeded schedules; `SIM_SCHEDULES=10000 npm run sim` runs more of the same.
const SCHEDULES = Number(process.env.SIM_TEST_SCHEDULES ?? 300);

describe('seeded system simulation', () => {
  it(`${SCHEDULES} schedules of faults, duplicated and reordered webhooks, two tabs, operators and reconciles keep every invariant`, async () => {
    const failures: string[] = [];
    const figures = await runSeeds(1, SCHEDULES, (result) => failures.push(describeFailure(result)));
    console.info(`sim figures:\n${describeFigures(figures)}`);
    expect(failures.join('\n\n')).toBe('');
    // The schedules reached what they are about: payments, faults and lost answers.
    expect(figures.paidSessions).toBeGreaterThan(SCHEDULES / 2);
    expect(figures.crashes + figures.lostResponses + figures.throttled).toBeGreaterThan(0);
    expect(figures.dropped + figures.duplicated).toBeGreaterThan(0);
  });
});
