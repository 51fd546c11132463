/**
 * A textarea's line breaks as one line feed each. Browsers post them as CR LF, while their character count
 * (and `maxlength`) counts one character per break, as the HTML standard's textarea value does: stored as
 * posted, a 2,000-character answer of ten lines would be refused as 2,009, and texts would compare unequal
 * by how they were typed. A lone CR (old Mac text pasted in) is a break too.
 */
export function normaliseLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
