/**
 * A minimal cookie-keeping HTTP client that behaves like a browser submitting forms: it reads the CSRF
 * token from the page it was given and posts it back. Real HTTP against the real server.
 */
export interface Page {
  status: number;
  html: string;
  location: string | null;
  headers: Headers;
}

export class BrowserClient {
  private readonly cookies = new Map<string, string>();
  lastCsrf = '';

  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = { 'accept-language': 'en' },
  ) {}

  async get(path: string): Promise<Page> {
    return this.request('GET', path);
  }

  /** Submits a form as the page at `formPath` would: fetches it for a CSRF token first. */
  async submit(formPath: string, action: string, fields: Record<string, string>): Promise<Page> {
    const page = await this.get(formPath);
    const token = csrfFrom(page.html);
    return this.post(action, { _csrf: token, ...fields });
  }

  async post(path: string, fields: Record<string, string>, extraHeaders: Record<string, string> = {}): Promise<Page> {
    return this.request('POST', path, new URLSearchParams(fields).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      ...extraHeaders,
    });
  }

  /** A multipart form (file upload): the CSRF token travels in the query string, as the page sends it. */
  async postMultipart(path: string, form: FormData): Promise<Page> {
    const separator = path.includes('?') ? '&' : '?';
    return this.request('POST', `${path}${separator}_csrf=${encodeURIComponent(this.lastCsrf)}`, form);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  private async request(method: string, path: string, body?: string | FormData, extra: Record<string, string> = {}): Promise<Page> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      body,
      redirect: 'manual',
      headers: { ...this.headers, ...extra, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(header) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const html = await response.text();
    // A form's hidden field, or (for a file upload) the token in the form's action.
    const found = /name="_csrf" value="([^"]+)"|[?&]_csrf=([^"&]+)/.exec(html);
    const token = found?.[1] ?? found?.[2];
    if (token) this.lastCsrf = token;
    return { status: response.status, html, location: response.headers.get('location'), headers: response.headers };
  }
}

export function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('No CSRF token on the page');
  return token;
}

/** The text of the page's error summary items, for asserting what the user is told. */
export function errorSummary(html: string): string[] {
  const summary = /<div class="app-error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<li>(?:<a [^>]*>)?([\s\S]*?)(?:<\/a>)?<\/li>/g)].map((m) => decode(m[1] ?? '').trim());
}

const NAMED_REFERENCES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };

/** Text or an attribute's value as a browser reads it: the character references Handlebars writes, resolved. */
export function decode(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot));/gi, (_, hex?: string, decimal?: string, name?: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : decimal ? String.fromCodePoint(Number(decimal)) : NAMED_REFERENCES[name!.toLowerCase()],
  );
}

/**
 * A POST form of the page as a browser would send it: the form holding the named field (or the first POST
 * form), its action, and its hidden inputs (the CSRF token among them), for a test to add what a person types.
 */
export function postForm(html: string, field?: string): { action: string; hidden: Record<string, string> } {
  const forms = [...html.matchAll(/<form method="post" action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)];
  const form = forms.find((f) => field === undefined || f[2].includes(`name="${field}"`));
  if (!form) throw new Error(`No POST form${field ? ` with a field ${field}` : ''} on the page`);
  const hidden = Object.fromEntries(
    [...form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [decode(m[1]), decode(m[2])]),
  );
  return { action: decode(form[1]), hidden };
}

/** Opens a list and follows its "next" pagination link to the end (at most `maxPages` pages). */
export async function followPages(client: BrowserClient, first: string, maxPages = 20): Promise<Page[]> {
  const pages: Page[] = [];
  for (let path: string | undefined = first; path && pages.length < maxPages;) {
    const page = await client.get(path);
    pages.push(page);
    const href = /<a class="app-link app-pagination__link" href="([^"]+)" rel="next">/.exec(page.html)?.[1];
    path = href === undefined ? undefined : decode(href);
  }
  return pages;
}
