// One DynamoDB Local for the fuzz, as the http adapter's tests start it (imported by path: vitest
// loads global setups without the `source` condition).
import { setupDynamoLocalForVitest } from '../../packages/dev-services/src/vitest-dynamo-setup.ts';

export default setupDynamoLocalForVitest;
