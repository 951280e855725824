import { AsyncLocalStorage } from 'node:async_hooks';
import { StoreUnavailableError } from '@biztech/payments-core';
import type { PaymentsHandlerDeps } from '@biztech/payments-http';

/** How often each store fault strikes one store call (probabilities, 0 = off). */
export interface StoreFaultRates {
  /** The call is throttled before it reaches the store (DynamoDB's `ProvisionedThroughputExceededException`). */
  throttle: number;
  /** A write commits, then its response is lost (a socket timeout): the caller sees a retryable failure. */
  lostResponse: number;
  /** A write commits, then the process dies before anything else of the request happens (the outbox fast path included). */
  crash: number;
}

/** Every store fault off. */
export const NO_STORE_FAULTS: StoreFaultRates = { throttle: 0, lostResponse: 0, crash: 0 };

/** Thrown into a request whose process "died": it and every later call of the same request fail. */
export class SimulatedCrash extends Error {
  constructor() {
    super('simulated crash: the process died after the commit');
    this.name = 'SimulatedCrash';
  }
}

/** One request (or job) in flight: whether its process has crashed. */
interface RequestScope {
  crashed: boolean;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/**
 * Runs one request or job in its own scope, so a crash injected into it stops that request alone
 * (two tabs in flight at once keep separate fates). Resolves to `'no answer'` when it crashed: the
 * caller, like a browser or Stripe, never heard back.
 */
export async function inScope<T>(work: () => Promise<T>): Promise<T | 'no answer'> {
  const scope: RequestScope = { crashed: false };
  try {
    const result = await scopes.run(scope, work);
    return scope.crashed ? 'no answer' : result;
  } catch (error) {
    if (scope.crashed) return 'no answer';
    throw error;
  }
}

/** Counts of the faults injected, for the figures. */
export interface FaultTally {
  throttled: number;
  lostResponses: number;
  crashes: number;
}

// Calls that write: a lost response or a crash happens after they commit.
const WRITES = new Set([
  'commitRegistration',
  'commitMembership',
  'repairSeatsTaken',
  'completeOutbox',
  'retryOutbox',
  'stickOutbox',
  'addOutbox',
  'report',
  'resolveQueueItem',
  'setCheckpoint',
]);
const STORE_PORTS = ['registrations', 'memberships', 'events', 'users', 'operations', 'auditTrail'] as const;

/**
 * The handler's ports with store faults injected at `rates` (drawn from `random`, so one seed is
 * one fault sequence). Every port, the gateway and identity provider included, refuses calls from
 * a request that already crashed: a dead process makes no further calls.
 */
export function withStoreFaults(
  deps: PaymentsHandlerDeps,
  rates: () => StoreFaultRates,
  random: () => number,
  tally: FaultTally,
): PaymentsHandlerDeps {
  const guard = <T extends object>(port: T, faulty: boolean): T =>
    new Proxy(port, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const scope = scopes.getStore();
          if (scope?.crashed) throw new SimulatedCrash();
          if (!faulty) return value.apply(target, args);
          const { throttle, lostResponse, crash } = rates();
          if (random() < throttle) {
            tally.throttled += 1;
            throw new StoreUnavailableError(
              'simulated throttling: rate of requests exceeds the allowed throughput',
            );
          }
          const result = await value.apply(target, args);
          if (!WRITES.has(String(name))) return result;
          const draw = random();
          if (scope && draw < crash) {
            tally.crashes += 1;
            scope.crashed = true;
            throw new SimulatedCrash();
          }
          if (draw < crash + lostResponse) {
            tally.lostResponses += 1;
            throw new StoreUnavailableError(
              'simulated lost response: the write committed, its answer timed out',
            );
          }
          return result;
        };
      },
    });
  const wrapped: PaymentsHandlerDeps = { ...deps };
  for (const name of STORE_PORTS) Object.assign(wrapped, { [name]: guard(deps[name], true) });
  wrapped.gateway = guard(deps.gateway, false);
  wrapped.identity = guard(deps.identity, false);
  return wrapped;
}
