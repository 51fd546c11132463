/**
 * Every action the audit log records. AuditEntry takes only these, so a new kind of event cannot be
 * recorded without being named here, and the catalogue test then asks for its name in both languages
 * (the log shows the name, with the code beside it: the code is what the CSV export and filters use).
 */
export const AUDIT_ACTIONS = [
  'access.denied',
  'account.created',
  'account.disabled',
  'account.enabled',
  'account.locked',
  'account.login',
  'account.login_failed',
  'account.login_throttled',
  'account.logout',
  'account.sign_up_refused',
  'account.signed_up',
  'api_token.created',
  'api_token.revoked',
  'application.approved',
  'application.claimed',
  'application.created',
  'application.document_removed',
  'application.document_uploaded',
  'application.reassigned',
  'application.rejected',
  'application.released',
  'application.resubmitted',
  'application.returned',
  'application.submitted',
  'application.updated',
  'application.withdrawn',
  'audit.exported',
  'audit.verified',
  'demo.seeded',
  'exchange.fetched',
  'exchange.token_issued',
  'govstack.service_created',
  'govstack.service_updated',
  'govstack.services_imported',
  'licence.issued',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
