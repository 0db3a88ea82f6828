/**
 * Text from YAML keys and values or from a server, made safe to print on one line: control characters (ANSI
 * escapes, CR/LF, NUL, DEL, C1) and the Unicode bidirectional overrides that reorder what a reviewer sees
 * ("Trojan Source", CVE-2021-42574) are shown as escapes, so a key cannot colour the terminal, forge an output
 * line, or hide text. Printable text, including non-ASCII letters, is left as it is.
 */

/** C0 controls, DEL, C1 controls, bidi marks, embeddings, overrides and isolates, line/paragraph separators, BOM. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** NUL and bidi controls: never wanted in a Zoom setting's text value (refused by validation). */
export const FORBIDDEN_IN_SETTING = /[\u0000\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function hasUnsafeCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text);
}

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every unsafe character written as `\n`, `\t` or `\u{1b}`. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (ch) => NAMED[ch] ?? `\\u{${ch.codePointAt(0)!.toString(16)}}`);
}

/** At most `max` characters of `text`, with a note of how much was cut. */
export function capLength(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters not shown)`;
}
