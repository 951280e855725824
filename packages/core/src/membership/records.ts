import type { ActivationRecords, MembershipApplicant, MembershipSource } from './types.ts';

/** The domain whose addresses are BizTech executives: admins with `EXEC` profiles. */
export const EXEC_EMAIL_DOMAIN = '@ubcbiztech.com';

/** True for an `@ubcbiztech.com` address (case-insensitive). */
export function isExecEmail(email: string): boolean {
  return email.trim().toLowerCase().endsWith(EXEC_EMAIL_DOMAIN);
}

/** Which profile fields other members can see by default. */
export const DEFAULT_VIEWABLE_MAP: Readonly<Record<string, boolean>> = {
  fname: true,
  lname: true,
  pronouns: true,
  major: true,
  year: true,
  faculty: false,
};

/**
 * The user, member and profile records one activation writes, built from the stored form.
 * `profileType` and `admin` follow the email: `EXEC`/admin for `@ubcbiztech.com`, else `ATTENDEE`.
 *
 * @param now epoch milliseconds, used for `createdAt`/`updatedAt`
 */
export function buildActivationRecords(
  applicant: MembershipApplicant,
  source: MembershipSource,
  profileID: string,
  now: number,
): ActivationRecords {
  const email = applicant.email.toLowerCase();
  const admin = isExecEmail(email);
  const isUbc = applicant.education.trim().toUpperCase() === 'UBC';
  return {
    userMode: source === 'Member' ? 'update' : 'create',
    user: {
      id: email,
      fname: applicant.fname,
      lname: applicant.lname,
      education: applicant.education,
      studentId: applicant.studentNumber,
      faculty: applicant.faculty,
      major: applicant.major,
      year: applicant.year,
      // Today's backend stores the membership page's `pronouns` as the user's `gender`.
      gender: applicant.gender ?? applicant.pronouns,
      diet: applicant.diet,
      isMember: true,
      admin,
    },
    member: {
      id: email,
      firstName: applicant.fname,
      lastName: applicant.lname,
      pronouns: applicant.pronouns,
      studentNumber: applicant.studentNumber,
      faculty: applicant.faculty,
      year: applicant.year,
      major: applicant.major,
      prevMember: applicant.prevMember ?? false,
      international: applicant.international ?? false,
      topics: applicant.topics,
      diet: applicant.diet,
      heardFrom: applicant.heardFrom,
      // Today's backend: `university || education` (the page sends only `education`).
      university: applicant.university || (isUbc ? 'UBC' : applicant.education) || undefined,
      highSchool: applicant.highSchool,
      education: applicant.education,
      admin,
      profileID,
      createdAt: now,
      updatedAt: now,
    },
    profile: {
      compositeID: `PROFILE#${profileID}`,
      type: 'PROFILE',
      profileID,
      fname: applicant.fname,
      lname: applicant.lname,
      pronouns: applicant.pronouns,
      major: applicant.major,
      year: applicant.year,
      profileType: admin ? 'EXEC' : 'ATTENDEE',
      viewableMap: { ...DEFAULT_VIEWABLE_MAP },
      createdAt: now,
      updatedAt: now,
    },
  };
}
