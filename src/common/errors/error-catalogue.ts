/** Domain error code → HTTP status and translation key. The single place that maps errors to HTTP. */
export const ERROR_CATALOGUE: Readonly<Record<string, { status: number; messageKey: string }>> = {
  'auth.not_signed_in': { status: 401, messageKey: 'error.notSignedIn' },
  'auth.forbidden': { status: 403, messageKey: 'error.forbidden' },
  'auth.csrf': { status: 403, messageKey: 'error.csrf' },
  'account.not_found': { status: 404, messageKey: 'error.accountNotFound' },
  'account.email_taken': { status: 409, messageKey: 'error.emailTaken' },
  'account.cannot_disable_self': { status: 409, messageKey: 'error.cannotDisableSelf' },
  'account.already_disabled': { status: 409, messageKey: 'error.accountAlreadyDisabled' },
  'account.already_active': { status: 409, messageKey: 'error.accountAlreadyActive' },
  'account.weak_password': { status: 400, messageKey: 'error.weakPassword' },
  'credit_code.prefix_exhausted': { status: 503, messageKey: 'error.prefixExhausted' },
  'application.not_found': { status: 404, messageKey: 'error.applicationNotFound' },
  'application.not_editable': { status: 409, messageKey: 'error.applicationNotEditable' },
  'application.changed': { status: 409, messageKey: 'error.applicationChanged' },
  'application.wrong_state': { status: 409, messageKey: 'error.applicationWrongState' },
  'application.item_not_found': { status: 404, messageKey: 'error.itemNotFound' },
  'application.not_ready': { status: 400, messageKey: 'error.application.not_ready' },
  'application.declaration_missing': { status: 400, messageKey: 'error.application.declaration_missing' },
  'application.name_taken': { status: 409, messageKey: 'error.application.name_taken' },
  'document.empty': { status: 400, messageKey: 'validation.document.empty' },
  'document.too_large': { status: 413, messageKey: 'validation.document.too_large' },
  'document.unsupported_type': { status: 415, messageKey: 'validation.document.unsupported_type' },
  'review.already_approved': { status: 409, messageKey: 'review.conflict.approved' },
  'review.already_rejected': { status: 409, messageKey: 'review.conflict.rejected' },
  'review.already_returned': { status: 409, messageKey: 'review.conflict.returned' },
  'review.already_withdrawn': { status: 409, messageKey: 'review.conflict.withdrawn' },
  'review.claimed_by_other': { status: 409, messageKey: 'review.conflict.claimedByOther' },
  'review.not_claimed': { status: 409, messageKey: 'review.conflict.notClaimed' },
  'review.wrong_state': { status: 409, messageKey: 'review.conflict.wrongState' },
  'review.comment_required': { status: 400, messageKey: 'review.error.commentRequired' },
  'review.reason_required': { status: 400, messageKey: 'review.error.reasonRequired' },
  'review.explanation_required': { status: 400, messageKey: 'review.error.explanationRequired' },
  'review.unsafe_characters': { status: 400, messageKey: 'review.error.unsafeCharacters' },
  'review.explanation_too_long': { status: 400, messageKey: 'review.error.explanationTooLong' },
  'review.comment_too_long': { status: 400, messageKey: 'review.error.commentTooLong' },
  'review.no_such_reviewer': { status: 400, messageKey: 'review.error.noSuchReviewer' },
  'licence.not_found': { status: 404, messageKey: 'error.licenceNotFound' },
  'api.malformed_code': { status: 400, messageKey: 'error.malformedCode' },
  'api.query_required': { status: 400, messageKey: 'error.queryRequired' },
  'api.invalid_parameter': { status: 400, messageKey: 'error.invalidParameter' },
  'exchange.unknown_department': { status: 404, messageKey: 'error.unknownDepartment' },
  'exchange.unauthorised': { status: 401, messageKey: 'error.exchangeUnauthorised' },
  'exchange.cursor_ahead': { status: 400, messageKey: 'error.exchangeCursorAhead' },
  'statistics.bad_date': { status: 400, messageKey: 'stats.badDate' },
  'seed.register_not_empty': { status: 409, messageKey: 'error.conflict' },
  'request.too_many': { status: 429, messageKey: 'error.tooManyRequests' },
  'request.invalid': { status: 400, messageKey: 'error.badRequest' },
  not_found: { status: 404, messageKey: 'error.notFound' },
};

export function describeError(code: string): { status: number; messageKey: string } {
  return ERROR_CATALOGUE[code] ?? { status: 500, messageKey: 'error.internal' };
}

/** The status and the reader's message for a domain error, for pages that show it in place. */
export function translateDomainError(
  error: { code: string; params: Record<string, string | number> },
  t: (key: string, params?: Record<string, unknown>) => string,
): { status: number; message: string } {
  const { status, messageKey } = describeError(error.code);
  return { status, message: t(messageKey, error.params) };
}
