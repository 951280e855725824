import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from './dynamo-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the DynamoDB Local that global setup started. */
    dynamoEndpoint: string;
  }
}

/**
 * A vitest global setup: one in-memory DynamoDB Local for a package's whole test run, on a free
 * loopback port (java checked first, with a one-line error when it is missing), provided to the
 * tests as `inject('dynamoEndpoint')` and stopped afterwards. Test files keep apart by creating
 * their tables under a unique suffix.
 *
 * @example
 * ```ts
 * // test/global-setup.ts
 * import { setupDynamoLocalForVitest } from '../../dev-services/src/vitest-dynamo-setup.ts';
 * export default setupDynamoLocalForVitest;
 * ```
 */
export async function setupDynamoLocalForVitest(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
