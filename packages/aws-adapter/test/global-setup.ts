// One DynamoDB Local for this package's test run, started and stopped by the shared dev service.
// Imported by path: vitest loads global setups without the `source` condition, and the package
// entry would then be a build that may be missing or stale.
import { setupDynamoLocalForVitest } from '../../dev-services/src/vitest-dynamo-setup.ts';

export default setupDynamoLocalForVitest;
