/** The part of an SDK v3 client that `countCalls` needs (any client or the document client). */
export interface MiddlewareHost {
  middlewareStack: {
    // `never` parameters accept every client's overloaded `add`; calls below pass SDK-shaped values.
    add(middleware: never, options: never): void;
    remove(name: string): boolean;
  };
}

/** Calls counted on one client: commands by name, and HTTP attempts (SDK retries included). */
export interface CallCounts {
  /** e.g. `{ GetItemCommand: 1, TransactWriteItemsCommand: 1 }`; document commands count as the command they send. */
  commands: Record<string, number>;
  /** Commands sent, all names together. */
  total: number;
  /** HTTP requests made; more than `total` when the SDK retried. */
  attempts: number;
}

/** A live counter; see `countCalls`. */
export interface CallCounter {
  /** The counts so far (a copy). */
  read(): CallCounts;
  /** Starts again from zero. */
  reset(): void;
  /** Counts only what `operation` sends: resets, runs it, and returns its counts with its result. */
  measure<T>(operation: () => Promise<T>): Promise<{ result: T; counts: CallCounts }>;
  /** Takes the middleware off the client. */
  dispose(): void;
}

type Handler = (args: unknown) => Promise<unknown>;
let nextId = 0;

/**
 * Counts the calls a client makes, with SDK middleware, so tests and benchmarks can assert round
 * trips (one read and one `TransactWriteItems` per webhook). The counter sees every command of
 * every store built on this client; the document client shares its client's middleware stack.
 *
 * @example
 * ```ts
 * const counter = countCalls(documentClient);
 * const { counts } = await counter.measure(() => applyRegistrationEvent(deps, key, paid));
 * // counts.commands → { GetItemCommand: 1, TransactWriteItemsCommand: 1 }
 * ```
 */
export function countCalls(client: MiddlewareHost): CallCounter {
  let commands: Record<string, number> = {};
  let attempts = 0;
  const id = nextId++;
  const names = [`biztechCountCommands${id}`, `biztechCountAttempts${id}`];
  const countCommand =
    (next: Handler, context: { commandName?: string }): Handler =>
    (args) => {
      const name = context.commandName ?? 'UnknownCommand';
      commands[name] = (commands[name] ?? 0) + 1;
      return next(args);
    };
  // Deserialize runs inside the retry loop, so it sees each attempt.
  const countAttempt =
    (next: Handler): Handler =>
    (args) => {
      attempts++;
      return next(args);
    };
  client.middlewareStack.add(countCommand as never, { step: 'initialize', name: names[0] } as never);
  client.middlewareStack.add(countAttempt as never, { step: 'deserialize', name: names[1] } as never);
  const read = (): CallCounts => ({
    commands: { ...commands },
    total: Object.values(commands).reduce((a, b) => a + b, 0),
    attempts,
  });
  const reset = () => {
    commands = {};
    attempts = 0;
  };
  return {
    read,
    reset,
    async measure(operation) {
      reset();
      const result = await operation();
      return { result, counts: read() };
    },
    dispose() {
      for (const name of names) client.middlewareStack.remove(name);
    },
  };
}
