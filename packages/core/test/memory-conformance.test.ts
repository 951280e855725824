import { runStoreConformance } from '../src/conformance/index.ts';
import { createMemoryStores } from '../src/memory/memory-stores.ts';

runStoreConformance('memory', () => createMemoryStores());
