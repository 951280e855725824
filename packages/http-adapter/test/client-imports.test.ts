import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const clientDir = new URL('../src/client/', import.meta.url);

describe('./client stays browser-safe', () => {
  it('imports nothing but its own files and @biztech/payments-core (no node:, AWS or Stripe SDK)', () => {
    // Prepare
    const files = readdirSync(clientDir).filter((f) => f.endsWith('.ts'));
    // Act
    const specifiers = files.flatMap((file) =>
      [
        ...readFileSync(new URL(file, clientDir), 'utf8').matchAll(
          /^(?:import|export)\b[^;]*?from '([^']+)'/gm,
        ),
      ].map((m) => m[1] as string),
    );
    // Assess
    expect(files.length).toBeGreaterThan(3);
    const foreign = specifiers.filter((s) => !s.startsWith('./') && s !== '@biztech/payments-core');
    expect(foreign).toEqual([]);
  });
});
