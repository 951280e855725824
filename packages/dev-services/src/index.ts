export { stopProcessGroup } from './child-process.ts';
export { type CognitoLocal, startCognitoLocal } from './cognito-local.ts';
export { type DynamoLocal, LOCAL_AWS, startDynamoLocal } from './dynamo-local.ts';
export { assertPortFree, freePort } from './free-port.ts';
export { assertJava } from './java.ts';
export { type SentMail, type SesLocal, startSesLocal } from './ses-local.ts';
