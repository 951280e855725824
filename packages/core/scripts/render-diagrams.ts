import { writeFileSync } from 'node:fs';
import { diagramDocuments } from './diagram-documents.ts';

// Writes docs/<machine>-machine.md at the repository root; `test/diagrams.test.ts` fails when they are stale.
for (const doc of diagramDocuments()) {
  writeFileSync(doc.path, doc.content);
  console.log(`wrote ${doc.path}`);
}
