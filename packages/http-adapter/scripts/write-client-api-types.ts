import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CLIENT_API_TYPES, clientApiTypes } from './client-api-types.ts';

// `pnpm client-types`: regenerates the browser client's types from the OpenAPI document.
await writeFile(CLIENT_API_TYPES, await clientApiTypes());
console.log(`wrote ${fileURLToPath(CLIENT_API_TYPES)}`);
