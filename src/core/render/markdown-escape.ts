/**
 * Everything rendered into the Markdown comment comes from YAML keys, values, file names or a server's words, so
 * nothing is pasted raw: a key such as `</summary></details><img src=x onerror=…>` must stay text. One function
 * per place the text lands:
 * - inline Markdown (list items): HTML entities for & < > " and a backslash before what could open a link, a
 *   code span or a table cell (\ ` [ ] |); emphasis marks are left alone (at worst they italicise, and escaping
 *   every `_` of snake_case names would make the comment's source unreadable);
 * - inside raw HTML (the `<summary>` of a collapsible section, where Markdown is not parsed): HTML entities only;
 * - code spans in table cells: a backtick fence longer than any run of backticks inside, `|` escaped for GFM
 *   tables (which split cells before they see code spans).
 * All three write control characters and bidi overrides as escapes, and a line break as a space.
 */
import { escapeControl } from '../safe-text.js';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function html(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => HTML[ch]!);
}

function oneLine(text: string): string {
  return escapeControl(text.replace(/\r\n|\r|\n/g, ' '));
}

/** Text inside raw HTML (no Markdown there; entities only). */
export function htmlText(text: string): string {
  return html(oneLine(text));
}

/** Inline Markdown text. */
export function markdownText(text: string): string {
  return html(oneLine(text)).replace(/[\\`[\]|]/g, (ch) => `\\${ch}`);
}

/** A code span that holds any text, safe in a table cell. */
export function codeSpan(text: string): string {
  const body = oneLine(text).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A space on each side when the text starts or ends with a backtick (CommonMark strips one from each side).
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
