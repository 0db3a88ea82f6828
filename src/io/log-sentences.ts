/**
 * Logs for a person at a terminal: pino's JSON line `{"level":40,"msg":"rate limited","user":"a@x","wait_ms":900}`
 * becomes `warning: rate limited (user a@x, wait_ms 900)`. Machines keep JSON: this is used only when stderr is a
 * terminal and LOG_FORMAT is not `json`. Redaction has already happened: pino redacts before it serialises.
 */
import { Writable } from 'node:stream';
import { escapeControl } from '../core/safe-text.js';

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warning', 50: 'error', 60: 'fatal' };
/** Fields every line has, or that say nothing to a reader. */
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'v']);

/** A field as text, one line: a user key or a server's words with a newline or an escape cannot forge a log line. */
function shown(value: unknown): string {
  return escapeControl(typeof value === 'string' ? value : JSON.stringify(value));
}

/** One JSON log line as a sentence; a line that is not JSON is passed through. */
export function logSentence(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (record === null || typeof record !== 'object') return line;
  const level = LEVELS[record.level as number] ?? String(record.level);
  const details = Object.keys(record)
    .filter((key) => !HIDDEN.has(key))
    .map((key) => `${key} ${shown(record[key])}`);
  const message = typeof record.msg === 'string' ? escapeControl(record.msg) : '';
  return `${level}: ${message}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

export function sentenceDestination(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = chunk.toString();
      const lines = text.split('\n').filter((line) => line.length > 0);
      out.write(lines.map((line) => `${logSentence(line)}\n`).join(''));
      done();
    },
  });
}

/** LOG_FORMAT=json keeps JSON on a terminal too; anything but a terminal always gets JSON. */
export function wantsSentences(env: NodeJS.ProcessEnv, stderr: { isTTY?: boolean }): boolean {
  return Boolean(stderr.isTTY) && env.LOG_FORMAT !== 'json';
}
