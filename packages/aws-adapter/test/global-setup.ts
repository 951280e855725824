import { startDynamoLocal } from '@biztech/dev-services';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the DynamoDB Local that global setup started. */
    dynamoEndpoint: string;
  }
}

/**
 * Starts one DynamoDB Local (in memory; java checked first, with a one-line error when missing)
 * for the whole test run on a free loopback port, provides its endpoint to the tests
 * (`inject('dynamoEndpoint')`) and stops its process group afterwards. Test files share it and
 * keep apart by creating their tables with a unique suffix.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
