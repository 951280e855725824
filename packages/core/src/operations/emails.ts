import {
  emailDataSchemas,
  type RefundIssuedData,
  type RegistrationConfirmedData,
  type SeatOfferedData,
} from './email-data.ts';
import { escapeHtml, formatMoney, formatUtcMinute, oneLine } from './email-format.ts';
import type { EmailMessage, EmailTemplate } from './types.ts';

/** What {@link renderEmail} needs: the `email.send` outbox action without its `type`. */
export interface EmailRequest {
  template: EmailTemplate;
  to: string;
  data: Record<string, string | number | boolean | null>;
}

/** A piece of a paragraph: plain text, text to stand out, or a URL to click. */
type Part = string | { strong: string } | { link: string };
/** An email before it becomes text and HTML: both are made from this one shape, so they never disagree. */
interface Draft {
  subject: string;
  paragraphs: Part[][];
}

const SIGNATURE = 'UBC BizTech';
/** Shown instead of the details when an action's data does not fit its template. */
export const EMAIL_FALLBACK_LINE =
  'Some details of this message could not be shown. Sign in to BizTech to see them, or reply to this email and we will help.';

/**
 * Renders one `email.send` outbox action into the subject, text and HTML body to send. Pure and
 * deterministic: no clock, no locale, no I/O. Every interpolated value is made one line (so no
 * value can add a mail header) and HTML-escaped in the HTML body; links are absolute http(s) URLs.
 *
 * Templates and the `data` keys they read (see {@link emailDataSchemas}):
 * - `registration_confirmed`: `eventName`, `eventID`, `year`, `amountCents` (`0` when free),
 *   `currency` (`cad`), `status` (`registered` | `acceptedComplete`).
 * - `seat_offered`: `eventName`, `eventID`, `year`, `amountCents`, `currency`, `expiresAt` (epoch ms,
 *   printed like `2026-12-08 13:00 UTC`), `link` (absolute URL opening the checkout).
 * - `refund_issued`: `eventName` (`Membership <year>` for a membership), `amountCents`, `currency`.
 *
 * Money prints as `$25.00 CAD`. Data that is missing or of the wrong type (or an unknown template)
 * never throws: the email keeps its template's subject and says {@link EMAIL_FALLBACK_LINE} in place
 * of the details, with the event name and the link when those two are usable.
 *
 * @example
 * ```ts
 * const message = renderEmail({
 *   template: 'seat_offered',
 *   to: 'ada@ubc.ca',
 *   data: { eventName: 'Blueprint', eventID: 'blueprint', year: 2026, amountCents: 2500, currency: 'cad',
 *     expiresAt: Date.UTC(2026, 11, 8, 13), link: 'https://biztech.example/pay/abc' },
 * });
 * // message.subject === 'A seat opened up for you: Blueprint'
 * // message.text includes 'pay $25.00 CAD by 2026-12-08 13:00 UTC'
 * ```
 */
export function renderEmail(request: EmailRequest): EmailMessage {
  const draft = draftEmail(request.template, request.data ?? {});
  return {
    to: request.to,
    subject: oneLine(draft.subject),
    text: toText(draft),
    html: toHtml(draft),
  };
}

function draftEmail(template: EmailTemplate, data: Record<string, unknown>): Draft {
  switch (template) {
    case 'registration_confirmed': {
      const parsed = emailDataSchemas.registration_confirmed.safeParse(data);
      return parsed.success ? registrationConfirmed(parsed.data) : fallback(template, data);
    }
    case 'seat_offered': {
      const parsed = emailDataSchemas.seat_offered.safeParse(data);
      return parsed.success ? seatOffered(parsed.data) : fallback(template, data);
    }
    case 'refund_issued': {
      const parsed = emailDataSchemas.refund_issued.safeParse(data);
      return parsed.success ? refundIssued(parsed.data) : fallback(template, data);
    }
    default:
      // A template this code does not know (an item written by a newer version): still say something.
      return fallback(template, data);
  }
}

function registrationConfirmed(d: RegistrationConfirmedData): Draft {
  const event = `${d.eventName} (${d.eventID}, ${d.year})`;
  const place =
    d.status === 'acceptedComplete'
      ? ['Your application was accepted and your place at ', { strong: event }, ' is confirmed.']
      : ['You are registered for ', { strong: event }, '.'];
  const paid =
    d.amountCents === 0
      ? ['This event is free: there is nothing to pay.']
      : ['We received your payment of ', { strong: formatMoney(d.amountCents, d.currency) }, '.'];
  return {
    subject:
      d.status === 'acceptedComplete'
        ? `Your place is confirmed: ${d.eventName}`
        : `You are registered: ${d.eventName}`,
    paragraphs: [['Hi,'], place, paid, ['See you there!']],
  };
}

function seatOffered(d: SeatOfferedData): Draft {
  const deadline = formatUtcMinute(d.expiresAt);
  const take =
    d.amountCents === 0
      ? ['To take it, confirm by ', { strong: deadline }, ':']
      : [
          'To take it, pay ',
          { strong: formatMoney(d.amountCents, d.currency) },
          ' by ',
          { strong: deadline },
          ':',
        ];
  return {
    subject: `A seat opened up for you: ${d.eventName}`,
    paragraphs: [
      ['Hi,'],
      [
        'A seat at ',
        { strong: `${d.eventName} (${d.eventID}, ${d.year})` },
        ' opened up, and we are holding it for you from the waitlist.',
      ],
      take,
      [{ link: d.link }],
      ['If you do not take it by then, the seat goes to the next person on the waitlist.'],
    ],
  };
}

function refundIssued(d: RefundIssuedData): Draft {
  return {
    subject: `Your refund for ${d.eventName}`,
    paragraphs: [
      ['Hi,'],
      [
        'We refunded ',
        { strong: formatMoney(d.amountCents, d.currency) },
        ' for ',
        { strong: d.eventName },
        '.',
      ],
      ['Depending on your bank, it can take 5 to 10 business days to show on your statement.'],
    ],
  };
}

const FALLBACK_SUBJECTS: Record<EmailTemplate, string> = {
  registration_confirmed: 'Your BizTech registration is confirmed',
  seat_offered: 'A seat opened up for you at BizTech',
  refund_issued: 'Your BizTech refund',
};

/** The template's generic email: what can still be said when its data does not fit. */
function fallback(template: EmailTemplate, data: Record<string, unknown>): Draft {
  const name = emailDataSchemas.registration_confirmed.shape.eventName.safeParse(data.eventName);
  const link = emailDataSchemas.seat_offered.shape.link.safeParse(data.link);
  const subject = Object.hasOwn(FALLBACK_SUBJECTS, template)
    ? FALLBACK_SUBJECTS[template]
    : 'A message from BizTech';
  return {
    subject: name.success ? `${subject}: ${name.data}` : subject,
    paragraphs: [
      ['Hi,'],
      ...(name.success ? [['This message is about ', { strong: name.data }, '.'] satisfies Part[]] : []),
      [EMAIL_FALLBACK_LINE],
      ...(link.success ? [[{ link: link.data }] satisfies Part[]] : []),
    ],
  };
}

function partText(part: Part): string {
  if (typeof part === 'string') return oneLine(part);
  return oneLine('strong' in part ? part.strong : part.link);
}

function partHtml(part: Part): string {
  if (typeof part === 'string') return escapeHtml(oneLine(part));
  if ('strong' in part) return `<strong>${escapeHtml(oneLine(part.strong))}</strong>`;
  const href = escapeHtml(oneLine(part.link));
  return `<a href="${href}">${href}</a>`;
}

function toText(draft: Draft): string {
  const body = draft.paragraphs.map((p) => p.map(partText).join('')).join('\n\n');
  return `${body}\n\n${SIGNATURE}\n`;
}

function toHtml(draft: Draft): string {
  const body = draft.paragraphs.map((p) => `<p>${p.map(partHtml).join('')}</p>`).join('\n');
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><title>',
    escapeHtml(oneLine(draft.subject)),
    '</title></head><body>\n',
    body,
    `\n<p>${escapeHtml(SIGNATURE)}</p>\n</body></html>\n`,
  ].join('');
}
