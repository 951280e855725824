import type { MembershipPaymentRequest } from '../schemas/payment-request.ts';
import type { MembershipApplicant } from './types.ts';

/**
 * The stored membership form from a validated `POST /payments` body. The password of a
 * `UserMember` body is deliberately not copied: it exists only in the request.
 */
export function applicantFromRequest(body: MembershipPaymentRequest): MembershipApplicant {
  return {
    email: body.email,
    fname: body.fname,
    lname: body.lname,
    education: body.education,
    studentNumber: body.student_number,
    faculty: body.faculty,
    major: body.major,
    year: body.year,
    pronouns: body.pronouns,
    diet: body.diet,
    gender: body.gender,
    prevMember: body.prev_member,
    international: body.international,
    topics: body.topics ?? [],
    heardFrom: body.heard_from ?? body.referral,
    university: body.university,
    highSchool: body.high_school,
  };
}
