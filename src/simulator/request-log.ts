/** The readable story of a run: one entry per request, filled in when it is answered. */
import { maskSecrets } from './secret-values.js';
import type { RequestLogEntry } from './types.js';

export class RequestLog {
  /** The live array handed out as `handle.requestLog`; cleared in place. */
  readonly entries: RequestLogEntry[] = [];
  private seq = 0;
  private readonly limit: number;

  constructor(mode: boolean | { limit: number }) {
    this.limit = mode === false ? 0 : mode === true ? Number.POSITIVE_INFINITY : Math.max(0, mode.limit);
  }

  /** A new entry with status 0; kept only when logging is on, but always returned so callers can fill it in. */
  start(fields: Omit<RequestLogEntry, 'seq' | 'status'>): RequestLogEntry {
    this.seq += 1;
    const entry: RequestLogEntry = { seq: this.seq, ...fields, status: 0 };
    if (this.limit > 0) {
      this.entries.push(entry);
      if (this.entries.length > this.limit) this.entries.shift();
    }
    return entry;
  }

  clear(): void {
    this.entries.length = 0;
  }

  /** For the admin endpoint: passcodes in PATCH bodies replaced by '(sensitive)'. */
  masked(): RequestLogEntry[] {
    return this.entries.map((entry) => maskSecrets(entry));
  }
}
