// One cognito-local for this package's test run: its JWKS lets every stack verify ID tokens with
// the real verifier (`createCognitoTokenVerifier`, aws-jwt-verify). Imported by path, as
// global-setup.ts explains.
import type { TestProject } from 'vitest/node';
import { startCognitoLocal } from '../../dev-services/src/cognito-local.ts';

import type {} from './support/id-tokens.ts';

export default async function setupCognitoLocal(project: TestProject): Promise<() => Promise<void>> {
  const local = await startCognitoLocal();
  project.provide('cognitoPool', {
    endpoint: local.endpoint,
    userPoolId: local.userPoolId,
    clientId: local.clientId,
  });
  return () => local.stop();
}
