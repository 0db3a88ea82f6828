/** A stream that keeps what was written to it, for commands run in-process (main() with fake stdout/stderr). */
import { PassThrough } from 'node:stream';

export function collect(): PassThrough & { text(): string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return Object.assign(stream, { text: () => text });
}
