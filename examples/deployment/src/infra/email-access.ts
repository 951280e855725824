import { type Stack, Token } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';

/**
 * `ses:SendEmail` from one sender only: SES authorizes a send against the identity it is sent from,
 * which is the address itself or its verified domain, so both identities are listed and nothing else.
 *
 * @throws Error when `emailFrom` is not a plain address (`name@domain`).
 */
export function emailSendStatement(stack: Stack, emailFrom: string): PolicyStatement {
  const domain = /^[^@\s<>]+@([^@\s<>]+\.[^@\s<>]+)$/.exec(emailFrom)?.[1];
  if (Token.isUnresolved(emailFrom) || domain === undefined) {
    throw new Error(`emailFrom must be a plain email address (name@domain), got ${emailFrom}`);
  }
  const identity = (name: string) =>
    stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['ses:SendEmail'],
    resources: [identity(emailFrom), identity(domain)],
  });
}
