import { spawnSync } from 'node:child_process';

/**
 * DynamoDB Local is a Java program: without java, fail with one line that says what to do
 * instead of waiting for a server that never starts. `command` is for testing this check.
 */
export function assertJava(command = 'java'): void {
  const probe = spawnSync(command, ['-version'], { timeout: 15_000, encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? probe.error.message : `exit code ${probe.status}`;
    throw new Error(
      `DynamoDB Local needs java on PATH (${command} -version failed: ${why}); install a JRE 17, e.g. apt-get install -y openjdk-17-jre-headless`,
    );
  }
}
