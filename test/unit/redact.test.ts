/** The one redaction (core/redact.ts) and the escaping of control characters (core/safe-text.ts), table-tested. */
import { describe, expect, it } from '@jest/globals';
import { REDACTED, redactText, redactValue, SecretValues } from '../../src/core/redact.js';
import { capLength, escapeControl } from '../../src/core/safe-text.js';
import { serverText, MAX_SERVER_TEXT } from '../../src/zoom/server-text.js';

const known = new SecretValues();
known.add('s3cret-Client');
known.add('Pz12345678');
known.add('abc'); // too short to hunt for

describe('redactText', () => {
  it.each([
    ['a known value anywhere', 'body was {"x":"s3cret-Client!"}', `body was {"x":"${REDACTED}!"}`],
    ['a bearer header', 'Authorization: Bearer sim.AbCdEf0123456789_-', `Authorization: Bearer ${REDACTED}`],
    ['a basic header', 'got Basic Y2xpZW50OnNlY3JldA== from you', `got Basic ${REDACTED} from you`],
    ['a JWT on its own', 'got eyJhbGciOi.eyJzdWIiOiJ4In0.c2ln end', `got ${REDACTED} end`],
    ['a passcode field in JSON', '{"pmi_password":"987654","x":1}', `{"pmi_password":"${REDACTED}","x":1}`],
    ['a passcode field as form', 'client_secret=xyz&a=b', `client_secret="${REDACTED}"&a=b`],
    ['a value registered after being resolved', 'Invalid field: Pz12345678', `Invalid field: ${REDACTED}`],
    ['short values are left alone', 'abc is fine', 'abc is fine'],
    ['prose about tokens is left alone', 'invalid access token: check the app', 'invalid access token: check the app'],
    ['"token refused" is prose', 'token refused', 'token refused'],
    ['"Basic users" is a Zoom plan, not a credential', 'Basic users cannot host webinars', 'Basic users cannot host webinars'],
    ['a short bearer-looking word is prose', 'Bearer of news', 'Bearer of news'],
    ['a proxy password in a URL', 'connect ECONNREFUSED via http://ops:hunter2-x@proxy.corp:3128/', `connect ECONNREFUSED via http://ops:${REDACTED}@proxy.corp:3128/`],
    ['a URL without a password keeps its user', 'via http://ops@proxy.corp:3128', 'via http://ops@proxy.corp:3128'],
    ['a port is not a password', 'reach http://proxy.corp:3128/x@y', 'reach http://proxy.corp:3128/x@y'],
  ])('%s', (_what, text, expected) => {
    expect(redactText(text, known)).toBe(expected);
  });

  it('redactValue redacts strings and secret-named keys, and keeps __proto__ a plain key', () => {
    const value = JSON.parse('{"__proto__":{"polluted":true},"password":"123456","msg":"Bearer abcdefgh","n":3}') as unknown;
    const out = redactValue(value, known) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBeNull();
    expect(out.password).toBe(REDACTED);
    expect(out.msg).toBe(`Bearer ${REDACTED}`);
    expect(out.n).toBe(3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('escapeControl and serverText', () => {
  it.each([
    ['ANSI escape', 'a\u001b[31mred', 'a\\u{1b}[31mred'],
    ['newline forging a line', 'x@y.com\n+ forged', 'x@y.com\\n+ forged'],
    ['NUL', 'a\u0000b', 'a\\u{0}b'],
    ['bidi override', 'abc\u202Edef', 'abc\\u{202e}def'],
    ['plain non-ASCII stays', 'Zürich 東京', 'Zürich 東京'],
  ])('%s', (_what, text, expected) => {
    expect(escapeControl(text)).toBe(expected);
  });

  it('server text is redacted before it is cut, then escaped', () => {
    const long = `${'x'.repeat(MAX_SERVER_TEXT - 4)}s3cret-Client\u001b[0m${'y'.repeat(1000)}`;
    const out = serverText(long, known);
    expect(out).not.toContain('s3cret');
    expect(out).not.toContain('\u001b');
    expect(out.length).toBeLessThan(MAX_SERVER_TEXT + 60);
    expect(capLength('abcdef', 3)).toBe('abc… (3 more characters not shown)');
  });
});
