import { startDynamoLocal } from '@biztech/dev-services';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the DynamoDB Local that global setup started. */
    dynamoEndpoint: string;
  }
}

/**
 * One in-memory DynamoDB Local for the package's test run, through the repo's one implementation
 * (`@biztech/dev-services`: java checked first, a one-line error when it is missing). Test files
 * keep apart by creating their tables under a unique suffix.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
