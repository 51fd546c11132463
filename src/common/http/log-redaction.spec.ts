import { withoutCsrfToken } from './log-redaction';

describe('withoutCsrfToken', () => {
  it.each([
    ['/applications/1/documents?_csrf=abc.def', '/applications/1/documents?_csrf=[redacted]'],
    ['/verify/pdf?x=1&_csrf=abc&y=2', '/verify/pdf?x=1&_csrf=[redacted]&y=2'],
    ['/review?assignee=me', '/review?assignee=me'],
    ['/a?not_csrf=1', '/a?not_csrf=1'],
  ])('%s → %s', (url, logged) => {
    expect(withoutCsrfToken(url)).toBe(logged);
  });
});
