import type { ChildProcess } from 'node:child_process';

/** Ends a detached child's whole process group (SIGTERM, then SIGKILL after `graceMs`) and waits. */
export async function stopProcessGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), sig);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Makes sure a detached child never outlives this process: if it exits without calling the
 * returned `release` first (a crash, `process.exit`, a killed test worker), the child's process
 * group is killed on the way out. `release` removes the safety net once the child is stopped.
 */
export function killOnExit(child: ChildProcess): () => void {
  const kill = () => {
    if (child.pid === undefined || child.exitCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', kill);
  return () => process.off('exit', kill);
}

/** Keeps the last `limit` characters a stream wrote, for error messages. */
export function tail(stream: NodeJS.ReadableStream | null | undefined, limit = 4_000): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-limit);
  });
  return () => text;
}

/** Polls `probe` until it resolves, the child exits, or `timeoutMs` passes. */
export async function waitUntil(
  what: string,
  probe: () => Promise<unknown>,
  child: ChildProcess,
  stderr: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${what} exited with code ${child.exitCode}: ${stderr().trim()}`);
    try {
      await probe();
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`${what} did not answer within ${timeoutMs} ms: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}
