import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { emailSchema } from '@biztech/payments-core';
import { DEMO_USER } from './demo-data.ts';
import { newPassword } from './secrets.ts';

/** A person who can sign in to the local user pool with `InitiateAuth` (`USER_PASSWORD_AUTH`). */
export interface SignInAccount {
  email: string;
  password: string;
  /** True when the password was generated at start (not given in the environment). */
  generated: boolean;
  /** Cognito groups the account is in. */
  groups: string[];
}

/** The accounts the local stack creates in cognito-local (CONTRACT §4). */
export interface DemoAccounts {
  /** `ADMIN_EMAIL` / `ADMIN_PASSWORD`, in the group `admin`. */
  admin: SignInAccount;
  /** The seeded user `existing@ubc.ca`, so a non-admin can sign in and read their own status. */
  user: SignInAccount;
}

/** The group that makes a Cognito user an admin of the payments API (CONTRACT §5). */
export const ADMIN_GROUP = 'admin';
const DEFAULT_ADMIN_EMAIL = 'admin@ubcbiztech.com';
// Cognito's default policy: 8 characters at least. Checked here so a short one fails at start with
// the variable's name, not later at the first sign-in.
const MIN_PASSWORD_LENGTH = 8;

/**
 * Reads `ADMIN_EMAIL` (default `admin@ubcbiztech.com`), `ADMIN_PASSWORD` and `DEMO_USER_PASSWORD`
 * (each generated when unset) into the two sign-in accounts.
 *
 * @throws Error naming the variable when the email is not an address or a password is shorter than 8
 */
export function demoAccountsFromEnv(env: Record<string, string | undefined>): DemoAccounts {
  const rawEmail = env.ADMIN_EMAIL?.trim() || DEFAULT_ADMIN_EMAIL;
  const email = emailSchema.safeParse(rawEmail);
  if (!email.success) throw new Error(`ADMIN_EMAIL must be an email address, got "${rawEmail}"`);
  if (email.data === DEMO_USER.id) {
    throw new Error(`ADMIN_EMAIL must not be the demo user ${DEMO_USER.id}, who signs in as a non-admin`);
  }
  const password = (name: string) => {
    const given = env[name];
    if (given === undefined || given === '') return { password: newPassword(), generated: true };
    if (given.length < MIN_PASSWORD_LENGTH) {
      throw new Error(`${name} must be at least ${MIN_PASSWORD_LENGTH} characters long`);
    }
    return { password: given, generated: false };
  };
  return {
    admin: { email: email.data, ...password('ADMIN_PASSWORD'), groups: [ADMIN_GROUP] },
    user: { email: DEMO_USER.id, ...password('DEMO_USER_PASSWORD'), groups: [] },
  };
}

/**
 * Creates the accounts in a fresh cognito-local pool: confirmed (permanent password), email
 * verified, in their groups, so `InitiateAuth` with `USER_PASSWORD_AUTH` gives each an ID token.
 * `MessageAction: 'SUPPRESS'` because cognito-local has no way to deliver an invitation.
 */
export async function createDemoAccounts(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  accounts: DemoAccounts,
): Promise<void> {
  await client.send(
    new CreateGroupCommand({
      UserPoolId: userPoolId,
      GroupName: ADMIN_GROUP,
      Description: 'Admins of the payments API',
    }),
  );
  const names = {
    [accounts.admin.email]: ['BizTech', 'Admin'],
    [accounts.user.email]: [DEMO_USER.fname, DEMO_USER.lname],
  };
  for (const account of [accounts.admin, accounts.user]) {
    const [givenName = '', familyName = ''] = names[account.email] ?? [];
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: account.email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: account.email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'given_name', Value: givenName },
          { Name: 'family_name', Value: familyName },
        ],
      }),
    );
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: account.email,
        Password: account.password,
        Permanent: true,
      }),
    );
    for (const group of account.groups) {
      await client.send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: account.email, GroupName: group }),
      );
    }
  }
}
