import { describe, expect, test } from 'vitest';
import { assertJava } from './support/java.ts';

describe('the DynamoDB Local java check of global setup', () => {
  test('a missing java fails at once with one line that says what to install', () => {
    // Act
    const started = Date.now();
    const failure = (() => {
      try {
        assertJava('java-not-installed-here');
        return undefined;
      } catch (error) {
        return error as Error;
      }
    })();

    // Assess
    expect(failure?.message).toMatch(/^DynamoDB Local needs java on PATH .*install a JRE/);
    expect(failure?.message).not.toContain('\n');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('the java on this machine passes', () => {
    expect(() => assertJava()).not.toThrow();
  });
});
