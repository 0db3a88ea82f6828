/**
 * Failures that are the same for every user stop the whole run instead of failing each user in turn:
 * - a token without the needed scopes (400 code 4711 or 4700, or a 403 naming scopes: zoom-api-facts.md §9.4);
 * - an outage: `threshold` calls in a row that ended in a 5xx after retries or with no answer (refused, DNS, reset).
 * Once tripped, every later call fails at once with the stored error, and calls already waiting for a rate-limiter
 * slot are released with it: only the requests already in flight still go out.
 */
import { MissingScopesError, scopesInMessage, ZoomApiError, ZoomUnavailableError } from './errors.js';

export const DEFAULT_OUTAGE_THRESHOLD = 20;

export class RunLatch {
  private error: Error | null = null;
  private streak = 0;
  private streakClass: string | null = null;
  private readonly streakKinds = new Set<string>();
  /** The calls waiting in race(): one entry each, removed when it settles (no handler piles up over a long run). */
  private readonly waiters = new Set<(error: Error) => void>();

  constructor(private readonly threshold: number = DEFAULT_OUTAGE_THRESHOLD) {
    if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`Expected \`threshold\` to be an integer of at least 1, got ${threshold}`);
  }

  /** Throws the error that stopped the run, if any. */
  check(): void {
    if (this.error) throw this.error;
  }

  /** `waiting`, unless the latch trips first: then its error at once. */
  race<T>(waiting: Promise<T>): Promise<T> {
    if (this.error) {
      waiting.catch(() => undefined);
      return Promise.reject(this.error);
    }
    return new Promise<T>((resolve, reject) => {
      this.waiters.add(reject);
      waiting.then(
        (value) => {
          this.waiters.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          this.waiters.delete(reject);
          reject(error);
        },
      );
    });
  }

  /** A call answered: the API is up, the outage streak ends. */
  succeeded(): void {
    this.resetStreak();
  }

  /** A call failed for good (after its retries); returns the error the caller should see. */
  failed(error: unknown): unknown {
    if (this.error) return this.error;
    if (!(error instanceof ZoomApiError)) return error;
    if (error.isScopeError) return this.trip(new MissingScopesError(scopesInMessage(error.zoomMessage), error.method === 'PATCH', error));
    const kind = error.outageKind;
    if (kind === null) {
      // Zoom answered (a 4xx about this user): the API is up.
      this.resetStreak();
      return error;
    }
    // 500, 502 and 503 are one outage; refused connections, DNS failures and resets are each their own.
    const kindClass = kind.startsWith('HTTP 5') ? 'server error' : kind;
    if (kindClass !== this.streakClass) this.resetStreak();
    this.streakClass = kindClass;
    this.streakKinds.add(kind);
    this.streak += 1;
    if (this.streak < this.threshold) return error;
    return this.trip(new ZoomUnavailableError(this.streak, [...this.streakKinds].sort().join(' or '), error));
  }

  private resetStreak(): void {
    this.streak = 0;
    this.streakClass = null;
    this.streakKinds.clear();
  }

  private trip(error: Error): Error {
    this.error = error;
    for (const reject of this.waiters) reject(error);
    this.waiters.clear();
    return error;
  }
}
