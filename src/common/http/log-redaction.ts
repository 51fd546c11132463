/**
 * A request's address for the log, without the CSRF token that file-upload forms carry in their query
 * string (a multipart body is read only after the token is checked); logs are kept longer, and read by
 * more people, than a session lasts.
 */
export function withoutCsrfToken(url: string): string {
  return url.replace(/([?&]_csrf=)[^&#]*/g, '$1[redacted]');
}
