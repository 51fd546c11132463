import { HtmlValidate, type ConfigData, type Message } from 'html-validate';

/**
 * The markup check every page must pass: html-validate's "recommended" preset (HTML5 content models,
 * unique ids, ARIA, accessible names, WCAG-related rules) and its "document" preset for whole pages
 * (every field labelled, heading levels, references by id that resolve, doctype). A rule is relaxed only
 * where it contradicts a deliberate GOV.UK Design System pattern, each with the reason next to it.
 */
export const HTML_VALIDATE_CONFIG: ConfigData = {
  extends: ['html-validate:recommended', 'html-validate:document'],
  rules: {
    // GOV.UK's button component renders a link that starts or continues a journey ("Start now") as
    // <a href role="button" draggable="false">; it navigates, so it stays a link. Other roles still apply.
    'prefer-native-element': ['error', { exclude: ['button'] }],
    // GOV.UK titles repeat the page's <h1> question, then "Error: " and the service name
    // ("Error: How much registered capital will be subscribed? – Business registration"); 70 is a
    // search-snippet length. Still bounded, so a title that runs away is caught.
    'long-title': ['error', { maxlength: 100 }],
    // Not about markup: Handlebars leaves the indentation of a standalone partial call on lines that a
    // false {{#if}} leaves empty. Whitespace between elements does not change the document.
    'no-trailing-whitespace': 'off',
    // GOV.UK checkboxes give every box of one question the same name (the server reads a list), as radios
    // do; the rule allows that for radios only unless the name ends in "[]", which GOV.UK does not use.
    // GOV.UK puts the error summary and notification banners, whose headings are <h2>, above the page's
    // <h1>; levels must still not be skipped after that.
    'heading-level': ['error', { minInitialRank: 'h2' }],
    // Our own stylesheet and script, served from our origin (no CDN, see UI.md): integrity hashes are
    // for resources from elsewhere, which would still be refused without one.
    'require-sri': ['error', { target: 'crossorigin' }],
    'form-dup-name': ['error', { shared: ['radio', 'checkbox', 'button', 'reset', 'submit'] }],
  },
};

const validator = new HtmlValidate(HTML_VALIDATE_CONFIG);

export interface MarkupProblem {
  rule: string;
  message: string;
  line: number;
  column: number;
  selector: string | null;
  /** The source line the problem is on, trimmed, so a failure shows the markup without a second look. */
  source: string;
}

/** Every problem html-validate finds in one page's HTML. */
export async function markupProblems(html: string, name: string): Promise<MarkupProblem[]> {
  const report = await validator.validateString(html, name);
  const lines = html.split('\n');
  return report.results.flatMap((result) =>
    result.messages.map((m: Message) => ({
      rule: m.ruleId,
      message: m.message,
      line: m.line,
      column: m.column,
      selector: m.selector,
      source: (lines[m.line - 1] ?? '').trim().slice(0, 200),
    })),
  );
}

/** One line per problem: the page, the rule, what is wrong, where. */
export function describeProblem(page: string, p: MarkupProblem): string {
  return `${page}: [${p.rule}] ${p.message} (line ${p.line}:${p.column}${p.selector ? `, ${p.selector}` : ''}) ${p.source}`;
}
