/**
 * What a YAML scalar means, by the YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), with the
 * desired state's own rules on top:
 * - only the core schema's tags are read (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq`, `!!map`, and the
 *   non-specific `!`); any other tag (`!vault`, `!!js/function`, `!!binary`) is refused, never dropped;
 * - a number must mean exactly what was written: an integer beyond 2^53 would reach Zoom as another number, and a
 *   whole number written as a float (`1e+23`, `3.0`) would pass as an integer without ever having been one.
 */
import type { ScalarValue } from './source.js';

const CORE = 'tag:yaml.org,2002:';

/** The tag a node was written with, in full (`tag:yaml.org,2002:int`), `!` for the non-specific tag, or the text as written. */
export function fullTag(written: string): string {
  if (written.startsWith('!<') && written.endsWith('>')) return written.slice(2, -1);
  if (written.startsWith('!!')) return CORE + written.slice(2);
  return written;
}

export const STR = `${CORE}str`;
export const MAP = `${CORE}map`;
export const SEQ = `${CORE}seq`;
const INT = `${CORE}int`;
const FLOAT = `${CORE}float`;
const BOOL = `${CORE}bool`;
const NULL = `${CORE}null`;
export const SCALAR_TAGS: readonly string[] = [STR, INT, FLOAT, BOOL, NULL];

const NULLS = ['', '~', 'null', 'Null', 'NULL'];
const TRUES = ['true', 'True', 'TRUE'];
const FALSES = ['false', 'False', 'FALSE'];
const DECIMAL = /^[-+]?[0-9]+$/;
const OCTAL = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_FORM = /^(?:[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?)$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/** Characters a plain scalar must start with to be anything but a string in the core schema. */
const MAYBE_NOT_TEXT = new Set('~nNtTfF-+.0123456789'.split(''));

/** A resolved scalar, or the words for why its text cannot stand for what it claims to be. */
export type Resolved = { value: ScalarValue } | { refused: string };

const text = (value: string): Resolved => ({ value });

/** A plain (unquoted, untagged) scalar: null, boolean, integer, float or text, as the core schema reads it. */
export function resolvePlain(source: string): Resolved {
  if (source.length === 0) return { value: null };
  if (!MAYBE_NOT_TEXT.has(source[0]!)) return text(source);
  if (NULLS.includes(source)) return { value: null };
  if (TRUES.includes(source)) return { value: true };
  if (FALSES.includes(source)) return { value: false };
  if (DECIMAL.test(source) || OCTAL.test(source) || HEX.test(source)) return integer(source);
  if (FLOAT_FORM.test(source) || FLOAT_SPECIAL.test(source)) return float(source);
  return text(source);
}

/** A scalar with an explicit core tag; undefined when the tag is not one the desired state reads. */
export function resolveTagged(tag: string, source: string): Resolved | undefined {
  switch (tag) {
    case '!':
    case STR:
      return text(source);
    case NULL:
      return NULLS.includes(source) ? { value: null } : { refused: `"${shorten(source)}" is tagged !!null but is not null (~, null or nothing)` };
    case BOOL:
      if (TRUES.includes(source)) return { value: true };
      return FALSES.includes(source) ? { value: false } : { refused: `"${shorten(source)}" is tagged !!bool but is not true or false` };
    case INT:
      return DECIMAL.test(source) || OCTAL.test(source) || HEX.test(source) ? integer(source) : { refused: `"${shorten(source)}" is tagged !!int but is not an integer` };
    case FLOAT:
      return FLOAT_FORM.test(source) || FLOAT_SPECIAL.test(source) ? float(source) : { refused: `"${shorten(source)}" is tagged !!float but is not a number` };
    default:
      return undefined;
  }
}

function integer(source: string): Resolved {
  const negative = source.startsWith('-');
  const digits = source.replace(/^[-+]/, '');
  const value = digits.startsWith('0o') ? parseInt(digits.slice(2), 8) : digits.startsWith('0x') ? parseInt(digits.slice(2), 16) : parseInt(digits, 10);
  if (!Number.isSafeInteger(value)) {
    return {
      refused: `the integer ${shorten(source)} is beyond 2^53 (${Number.MAX_SAFE_INTEGER.toLocaleString('en')}) and cannot be represented exactly, so it would reach Zoom as another number: no Zoom setting takes it (quote it if it is text)`,
    };
  }
  return { value: negative ? -value : value };
}

function float(source: string): Resolved {
  if (FLOAT_SPECIAL.test(source)) {
    const lower = source.toLowerCase();
    return { value: lower === '.nan' ? NaN : lower.startsWith('-') ? -Infinity : Infinity };
  }
  const value = Number(source);
  if (Number.isInteger(value)) {
    return { refused: `${shorten(source)} is a whole number written as a floating-point number (exponent or decimal point): write integers in plain digits, or quote it if it is text` };
  }
  return { value };
}

function shorten(source: string): string {
  return source.length > 40 ? `${source.slice(0, 37)}...` : source;
}
