import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { diagramDocuments } from '../scripts/diagram-documents.ts';

test('the committed machine diagrams in docs/ match the machines (run `pnpm --filter @biztech/payments-core diagrams`)', () => {
  for (const doc of diagramDocuments()) {
    expect(readFileSync(doc.path, 'utf8'), doc.path).toBe(doc.content);
  }
});
