/** On a terminal warnings read as sentences; everywhere else (and with LOG_FORMAT=json) logs stay pino JSON. */
import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { logSentence, sentenceDestination, wantsSentences } from '../../src/io/log-sentences.js';
import { createLogger } from '../../src/io/logger.js';

describe('log lines as sentences', () => {
  it('names the level, the message and the fields', () => {
    expect(logSentence('{"level":40,"time":1,"pid":2,"hostname":"h","name":"zoom-settings","msg":"rate limited","user":"a@x.com","wait_ms":900}')).toBe(
      'warning: rate limited (user a@x.com, wait_ms 900)',
    );
    expect(logSentence('{"level":50,"msg":"failed","error":{"code":124}}')).toBe('error: failed (error {"code":124})');
    expect(logSentence('not json')).toBe('not json');
  });

  it('go through pino with its redaction', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const logger = createLogger('warn', sentenceDestination(out));
    logger.warn({ user: 'a@x.com', authorization: 'Bearer abc' }, 'token refused');
    logger.info('not shown at warn');
    await new Promise((resolve) => setImmediate(resolve));
    expect(text).toBe('warning: token refused (user a@x.com, authorization [redacted])\n');
  });

  it('only on a terminal, and never with LOG_FORMAT=json', () => {
    expect(wantsSentences({}, { isTTY: true })).toBe(true);
    expect(wantsSentences({ LOG_FORMAT: 'json' }, { isTTY: true })).toBe(false);
    expect(wantsSentences({}, { isTTY: false })).toBe(false);
    expect(wantsSentences({}, {})).toBe(false);
  });
});
