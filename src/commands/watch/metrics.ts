/** The watch's counters, served at /metrics in Prometheus' text format (version 0.0.4). */

export type Counter = 'events_received' | 'events_duplicate' | 'signatures_rejected' | 'requests_rejected' | 'drift_found' | 'drift_acknowledged' | 'drift_fixed' | 'reconcile_errors';

const HELP: Record<Counter, string> = {
  events_received: 'Signed event notifications accepted (URL validations and ignored event types included).',
  events_duplicate: 'Redelivered events recognised and not processed again.',
  signatures_rejected: 'Requests refused for a missing or wrong x-zm-signature or a stale x-zm-request-timestamp.',
  requests_rejected: 'Requests refused for another reason (method, path, size, JSON).',
  drift_found: 'Managed settings found different from the desired state after an event.',
  drift_acknowledged: 'Drifted settings covered by an unexpired drift-acks/ acknowledgement (reported, not fixed).',
  drift_fixed: 'Drifted settings corrected and verified (--fix).',
  reconcile_errors: 'Targeted reconciles that failed (reported on stdout and the log).',
};

export class WatchMetrics {
  private readonly counts = new Map<Counter, number>();

  constructor(private readonly queueDepth: () => number) {}

  add(counter: Counter, by = 1): void {
    this.counts.set(counter, (this.counts.get(counter) ?? 0) + by);
  }

  get(counter: Counter): number {
    return this.counts.get(counter) ?? 0;
  }

  render(): string {
    const lines: string[] = [];
    for (const counter of Object.keys(HELP) as Counter[]) {
      const name = `zoom_settings_watch_${counter}_total`;
      lines.push(`# HELP ${name} ${HELP[counter]}`, `# TYPE ${name} counter`, `${name} ${this.get(counter)}`);
    }
    lines.push('# HELP zoom_settings_watch_queue_depth Accepted events not yet processed.', '# TYPE zoom_settings_watch_queue_depth gauge', `zoom_settings_watch_queue_depth ${this.queueDepth()}`);
    return `${lines.join('\n')}\n`;
  }
}
