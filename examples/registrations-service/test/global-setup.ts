// One DynamoDB Local for this package's test run. Imported by path: vitest loads global setups
// without the `source` condition, and the package entry would then be a build that may be missing.
import { setupDynamoLocalForVitest } from '../../../packages/dev-services/src/vitest-dynamo-setup.ts';

export default setupDynamoLocalForVitest;
