/**
 * The one error type services throw for expected failures. Each module declares its codes; the HTTP
 * status and the message key are looked up in one place (error-catalogue.ts), so the same failure always
 * reads and answers the same way, on a page or in JSON.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'DomainError';
  }
}
