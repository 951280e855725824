import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { killOnExit, stopProcessGroup, tail, waitUntil } from './child-process.ts';
import { assertPortFree, freePort } from './free-port.ts';

/** One email as `aws-ses-v2-local` received it. */
export interface SentMail {
  messageId: string;
  from: string;
  /** `Destination.ToAddresses`. */
  to: string[];
  subject: string;
  text: string | undefined;
  html: string | undefined;
  /** When it arrived, epoch seconds (as the emulator records it). */
  at: number;
}

/** A running `aws-ses-v2-local`. */
export interface SesLocal {
  /** `http://127.0.0.1:<port>`: the `endpoint` of an `SESv2Client` (any region and credentials). */
  endpoint: string;
  /** The page listing every email sent so far, for a person: `http://127.0.0.1:<port>/`. */
  url: string;
  port: number;
  /** Every email sent since the start, oldest first (`GET /store`). */
  readMail(): Promise<SentMail[]>;
  stop(): Promise<void>;
}

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/**
 * Starts `aws-ses-v2-local` (an Amazon SES v2 emulator from the npm registry) on `port` of
 * 127.0.0.1 (a free one when omitted) and waits until it answers. It keeps mail in memory only:
 * `stop()` forgets it. Like the other services it leads its own process group and dies with
 * this process.
 *
 * @throws when the port is taken or it does not answer within `timeoutMs` (10 s)
 * @example
 * ```ts
 * const ses = await startSesLocal();
 * const client = new SESv2Client({ endpoint: ses.endpoint, ...LOCAL_AWS });
 * // ... send ...
 * (await ses.readMail())[0]?.subject;
 * await ses.stop();
 * ```
 */
export async function startSesLocal(options: { port?: number; timeoutMs?: number } = {}): Promise<SesLocal> {
  const port = options.port ?? (await freePort());
  await assertPortFree(port, 'aws-ses-v2-local');
  const require = createRequire(import.meta.url);
  const bin = join(dirname(require.resolve('aws-ses-v2-local/package.json')), 'dist/cli.js');
  // Without --host it listens on every interface (`::`); the local stack stays on loopback.
  const child: ChildProcess = spawn(process.execPath, [bin, '--port', String(port), '--host', '127.0.0.1'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const release = killOnExit(child);
  const stderr = tail(child.stderr);
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcessGroup(child);
    release();
  };
  const readMail = async (): Promise<SentMail[]> => {
    const response = await fetch(`${endpoint}/store`);
    if (!response.ok) throw new Error(`aws-ses-v2-local GET /store answered ${response.status}`);
    const { emails } = (await response.json()) as { emails?: StoredEmail[] };
    if (!Array.isArray(emails)) throw new Error('aws-ses-v2-local GET /store answered without emails');
    return emails.map((e) => ({
      messageId: e.messageId,
      from: e.from,
      to: e.destination.to,
      subject: e.subject,
      text: e.body.text,
      html: e.body.html,
      at: e.at,
    }));
  };
  try {
    await waitUntil(
      'aws-ses-v2-local',
      async () => {
        const response = await fetch(`${endpoint}/health-check`);
        if (!response.ok) throw new Error(`health check answered ${response.status}`);
      },
      child,
      stderr,
      options.timeoutMs ?? 10_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, url: `${endpoint}/`, port, readMail, stop };
}
