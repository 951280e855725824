/** One validation problem the API reported. */
export interface ApiIssue {
  path: (string | number)[];
  message: string;
}

/**
 * A non-2xx answer of the payments API: `status`, and the body's `code`, `message` and (when
 * given) `reason` and `issues`.
 */
export class PaymentsApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly reason: string | undefined;
  readonly issues: ApiIssue[];
  constructor(
    status: number,
    code: string,
    message: string,
    extra: { reason?: string; issues?: ApiIssue[] } = {},
  ) {
    super(message);
    this.name = 'PaymentsApiError';
    this.status = status;
    this.code = code;
    this.reason = extra.reason;
    this.issues = extra.issues ?? [];
  }
}
