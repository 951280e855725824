/** One structured log line: plain JSON, never secrets, passwords, card data or request bodies. */
export type LogEntry = { [field: string]: unknown };

/** Where the handler writes its log lines; `console` based by default. */
export interface PaymentsLogger {
  info(entry: LogEntry): void;
  warn(entry: LogEntry): void;
  error(entry: LogEntry): void;
}

/**
 * Writes each entry as one JSON line through `console` (`log`, `warn`, `error`), with its `level`
 * first, which is what CloudWatch and most log shippers parse.
 */
export const consoleLogger: PaymentsLogger = {
  info: (entry) => console.log(JSON.stringify({ level: 'info', ...entry })),
  warn: (entry) => console.warn(JSON.stringify({ level: 'warn', ...entry })),
  error: (entry) => console.error(JSON.stringify({ level: 'error', ...entry })),
};

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: PaymentsLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Wraps a logger so that a throwing sink can never fail a request: a log line is not worth a 500.
 * @internal
 */
export function safeLogger(logger: PaymentsLogger): PaymentsLogger {
  const guard =
    (write: (entry: LogEntry) => void) =>
    (entry: LogEntry): void => {
      try {
        write(entry);
      } catch {
        // The sink failed; the request goes on.
      }
    };
  return { info: guard(logger.info), warn: guard(logger.warn), error: guard(logger.error) };
}

/** The loggable facts of an error: its name, code and message, never its `cause` chain or stack. */
export function errorFields(error: unknown): LogEntry {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      errorName: error.name,
      ...(typeof code === 'string' ? { errorCode: code } : {}),
      errorMessage: error.message,
    };
  }
  return { errorName: typeof error };
}
