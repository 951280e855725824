import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoLocal } from '@biztech/dev-services';
import { type CallCounts, countCalls } from '@biztech/payments-aws';
import { stepRegistration } from '@biztech/payments-core';
import { paid, session } from '@biztech/payments-core/conformance';
import { BENCH_EVENT, benchStack } from './bench-stack.ts';
import { captureCalls, retarget, sendBare } from './captured-commit.ts';
import { prepareRecords, quantile } from './prepared.ts';
import { webhookRequest } from './signed-webhook.ts';
import { todaysEventWebhook, todaysMemberWebhook } from './todays-replica.ts';

const URL_ = 'http://bench.local/payments/webhook';

/** What the latency benchmark found: medians (ms) of interleaved rounds, with min–max of per-block medians. */
export interface LatencyFigures {
  rounds: number;
  handlerP50: number;
  bareP50: number;
  /** handler p50 / bare p50, and the same ratio per block of rounds (min–max). */
  ratio: number;
  ratioRange: [number, number];
  stepP50: number;
  stepShare: number;
  handlerCalls: CallCounts['commands'];
  duplicateCalls: CallCounts['commands'];
  todaysRegistrationCalls: number;
  todaysMembershipCalls: number;
}

/**
 * A signed `checkout.session.completed` through the whole handler (signature, parse, load, step,
 * commit, response) against the floor — the same `GetItem` and `TransactWriteItems` made bare on
 * the same client, captured from the handler and retargeted at another record — in `rounds`
 * interleaved pairs (the order alternates, so neither side always runs on a warmer connection).
 */
export async function latencyFigures(dynamo: DynamoLocal, rounds: number): Promise<LatencyFigures> {
  const stack = await benchStack(dynamo, 'Lat');
  try {
    const [probe, dupProbe, ...rest] = await prepareRecords(stack, 2 * rounds + 2);
    if (!probe || !dupProbe) throw new Error('no records');
    // The handler's own calls for one record: the template of the bare floor.
    const captured = await captureCalls(stack.doc, () => stack.handler(webhookRequest(URL_, probe.hook)));
    const counter = countCalls(stack.doc);
    const counted = await counter.measure(() => stack.handler(webhookRequest(URL_, dupProbe.hook)));
    const duplicate = await counter.measure(() => stack.handler(webhookRequest(URL_, dupProbe.hook)));

    const handlerMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const viaHandler = rest[2 * i];
      const bareRecord = rest[2 * i + 1];
      if (!viaHandler || !bareRecord) break;
      const bare = retarget(captured, probe.ids, bareRecord.ids);
      const runHandler = async () => {
        const started = performance.now();
        const res = await stack.handler(webhookRequest(URL_, viaHandler.hook));
        handlerMs.push(performance.now() - started);
        if (res.status !== 200) throw new Error(`handler answered ${res.status}: ${await res.text()}`);
      };
      const runBare = async () => {
        const started = performance.now();
        await sendBare(stack.doc, bare);
        bareMs.push(performance.now() - started);
      };
      if (i % 2 === 0) {
        await runHandler();
        await runBare();
      } else {
        await runBare();
        await runHandler();
      }
    }
    const blockRatios: number[] = [];
    const block = Math.max(10, Math.floor(rounds / 10));
    for (let at = 0; at + block <= handlerMs.length; at += block) {
      blockRatios.push(
        quantile(handlerMs.slice(at, at + block), 0.5) / quantile(bareMs.slice(at, at + block), 0.5),
      );
    }

    // The pure step of the same payment, from the same snapshot the store holds.
    const now = Date.now();
    const key = { email: 'step@ubc.ca', eventID: BENCH_EVENT.id, year: BENCH_EVENT.year };
    const registered = stepRegistration(
      undefined,
      { type: 'REGISTER', ...key, isApplicationBased: false, priceCents: 1999, seatAvailable: true },
      { now },
    ).snapshot;
    const open = stepRegistration(
      registered,
      { type: 'OPEN_CHECKOUT', session: session('cs_step', 1999, now), seatAvailable: true },
      { now },
    ).snapshot;
    const stepMs: number[] = [];
    for (let i = 0; i < Math.max(rounds, 300); i++) {
      const started = performance.now();
      stepRegistration(
        open,
        { type: 'PAYMENT_SUCCEEDED', stripeEventId: `evt_s${i}`, payment: paid('cs_step', 1999) },
        { now },
      );
      stepMs.push(performance.now() - started);
    }

    // Today's webhook helpers, made for real on the same tables, counted.
    const legacy = {
      id: 'today@ubc.ca',
      'eventID;year': `${BENCH_EVENT.id};${BENCH_EVENT.year}`,
      registrationStatus: 'incomplete',
    };
    await stack.doc.send(new PutCommand({ TableName: stack.tables.registrations, Item: legacy }));
    const todaysRegistration = await counter.measure(() =>
      todaysEventWebhook(stack.doc, stack.tables, legacy.id, BENCH_EVENT.id, BENCH_EVENT.year),
    );
    const todaysMembership = await counter.measure(() =>
      todaysMemberWebhook(stack.doc, stack.tables, 'today@ubc.ca', 'BraveOtterSings'),
    );
    counter.dispose();

    const handlerP50 = quantile(handlerMs, 0.5);
    const bareP50 = quantile(bareMs, 0.5);
    const stepP50 = quantile(stepMs, 0.5);
    return {
      rounds: handlerMs.length,
      handlerP50,
      bareP50,
      ratio: handlerP50 / bareP50,
      ratioRange: [Math.min(...blockRatios), Math.max(...blockRatios)],
      stepP50,
      stepShare: stepP50 / handlerP50,
      handlerCalls: counted.counts.commands,
      duplicateCalls: duplicate.counts.commands,
      todaysRegistrationCalls: todaysRegistration.counts.total,
      todaysMembershipCalls: todaysMembership.counts.total,
    };
  } finally {
    stack.close();
  }
}
