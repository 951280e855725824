import type { RegistrationStatusPair } from '@biztech/payments-core';

/** `{ registrationStatus, applicationStatus? }`: the empty application status is left out. */
export function statusBody(pair: RegistrationStatusPair): {
  registrationStatus: string;
  applicationStatus?: string;
} {
  return pair.applicationStatus === ''
    ? { registrationStatus: pair.registrationStatus }
    : { registrationStatus: pair.registrationStatus, applicationStatus: pair.applicationStatus };
}
