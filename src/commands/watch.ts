/**
 * `zoom-settings watch`: drift in seconds from Zoom's event notifications (issue 19). A long-running HTTP server
 * (watch/server.ts) takes Zoom's signed events into a durable queue (io/event-queue.ts); per target, after a
 * burst is quiet (watch/debouncer.ts), a targeted reconcile (watch/reconcile.ts) re-reads only that user, reports
 * drift with who changed it, and with --fix corrects it like `drift --fix`. SIGTERM/SIGINT: stop accepting, let
 * the reconcile in flight finish, exit 0; what was accepted and not done stays in the queue for the next start.
 */
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { readEvent, targetKey, type SettingsEvent } from '../core/watch/events.js';
import { EventQueue, checkQueuePath, type QueuedEvent } from '../io/event-queue.js';
import { checkJournalPath } from '../io/journal.js';
import { acquireRunLock, defaultLockDeps } from '../io/run-lock.js';
import { realTimers, type Timers } from '../zoom/index.js';
import { booleanOption, stringOption, type Command, type CommandIo, type ParsedArgs } from './command.js';
import { APPLY_FLAG_HELP, APPLY_FLAG_OPTIONS, parseApplyFlags, type ApplyFlags } from './shared/apply-flow.js';
import { readHierarchyOrWarn } from './shared/read-hierarchy.js';
import { loadUserDirectory } from './shared/user-directory.js';
import { openZoomSession } from './shared/zoom-session.js';
import { Debouncer } from './watch/debouncer.js';
import { WatchMetrics } from './watch/metrics.js';
import { notifierFromEnv } from './watch/notify.js';
import { currentDesired, keysByEmail, reconcileTarget, type ReconcileContext } from './watch/reconcile.js';
import { reportCounts, reportLine } from './watch/report.js';
import { createWebhookServer } from './watch/server.js';
import { todayFrom } from './shared/drift-acks.js';

export const DEFAULT_QUEUE = '.zoom-settings/watch-queue.jsonl';

/** How long a reconcile waits when another run (a scheduled drift --fix) holds the journal: five quiet periods, at least 1 s. */
const retryLockedMs = (debounceMs: number): number => Math.max(1000, 5 * debounceMs);

const HELP = `Usage: zoom-settings watch [--port 8080] [--host 127.0.0.1] [--fix] [--dir DIR] [--queue PATH] [options]

Receives Zoom's event notifications (user.settings_updated, group.settings_updated, group.lock_settings_updated,
account.settings_updated, account.lock_settings_updated) and reports drift within seconds, naming who changed
what: per event for a managed user, it re-reads only that user's managed settings, compares them with the desired
state of the checkout, and prints the drift with the operator, old → new and the desired value's file:line.
A group or account event re-reads that level and plans it against groups/*.yaml or account.yaml (with --fix an
account change needs --allow-account-changes, as for apply); a level without a file is reported with its changes.

Every request must carry Zoom's signature (x-zm-signature, HMAC-SHA256 with the secret token) and a timestamp
within the replay window; endpoint.url_validation is answered. Accepted events are kept in a durable queue before
the 200, so a restart loses none. Drift acknowledged in drift-acks/*.yaml is reported, not corrected, until it
expires.

Options:
  --port N               the port to listen on (default 8080; 0: any free port)
  --host ADDRESS         the address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
  --path PATH            the path Zoom posts to (default /zoom/webhook)
  --dir DIR              the desired-state directory (default: ./desired-state), read again for every reconcile
  --fix                  correct drift like \`drift --fix --auto-approve\`: guards, journal, verification
  --queue PATH           the durable event queue (default: ${DEFAULT_QUEUE})
  --format FORMAT        text (default) or json (one JSON object per line) on stdout
  --debounce-ms N        reconcile a target once it has been quiet this long (default 2000); when another run
                         holds the journal (--fix), its events stay queued and are tried again after 5 × N ms
  --replay-window S      refuse requests whose timestamp is more than S seconds from now (default 300)
  --max-body BYTES       refuse larger bodies with 413 (default 262144)
${APPLY_FLAG_HELP}
  -h, --help             show this help

Endpoints: POST <path> (Zoom), GET /healthz, GET /metrics (Prometheus text).
Environment: ZOOM_WEBHOOK_SECRET_TOKEN (required; the app's Secret Token, never printed), the ZOOM_* credentials
of plan, ZOOM_SETTINGS_NOTIFY_URL (optional: each report is also POSTed there as Slack-compatible JSON),
ZOOM_SETTINGS_TODAY=YYYY-MM-DD (judge acknowledgement expiry as of that day).
Exit codes: 0 stopped by SIGTERM or SIGINT; 1 could not start (bad options, invalid desired state, port in use).
`;

export interface WatchOptions {
  port: number;
  host: string;
  path: string;
  dir: string;
  queuePath: string;
  format: 'text' | 'json';
  debounceMs: number;
  replayWindowMs: number;
  maxBodyBytes: number;
  fix?: ApplyFlags;
}

export interface WatchHandle {
  url: string;
  /** Stop accepting, finish the reconcile in flight, close everything. */
  stop(): Promise<void>;
}

function integerOption(args: ParsedArgs, name: string, fallback: number, min: number): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} expects a whole number of at least ${min}, not "${raw}"`, 'watch');
  return value;
}

export function parseWatchOptions(args: ParsedArgs): WatchOptions {
  const format = stringOption(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`, 'watch');
  const path = stringOption(args, 'path') ?? '/zoom/webhook';
  if (!path.startsWith('/')) throw new UsageError(`--path must start with "/", not "${path}"`, 'watch');
  const flags = parseApplyFlags(args, 'watch');
  return {
    port: integerOption(args, 'port', 8080, 0),
    host: stringOption(args, 'host') ?? '127.0.0.1',
    path,
    dir: stringOption(args, 'dir') ?? 'desired-state',
    queuePath: stringOption(args, 'queue') ?? DEFAULT_QUEUE,
    format,
    debounceMs: integerOption(args, 'debounce-ms', 2000, 0),
    replayWindowMs: integerOption(args, 'replay-window', 300, 1) * 1000,
    maxBodyBytes: integerOption(args, 'max-body', 256 * 1024, 1),
    ...(booleanOption(args, 'fix') ? { fix: flags } : {}),
  };
}

/**
 * Real time whose waits do not keep the process alive: the server does that while it runs, and once it is closed a
 * target still waiting for quiet (its events safe in the queue) must not hold the exit for the rest of its wait.
 */
const backgroundTimers: Timers = {
  now: () => realTimers.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref()),
};

export async function startWatch(io: CommandIo, options: WatchOptions, timers: Timers = backgroundTimers): Promise<WatchHandle> {
  const secret = io.env.ZOOM_WEBHOOK_SECRET_TOKEN;
  if (!secret) throw new UsageError("ZOOM_WEBHOOK_SECRET_TOKEN is not set: it is the Secret Token of the Zoom app's event subscription", 'watch');
  io.secrets?.add(secret);
  todayFrom(io.env, new Date(timers.now()), 'watch');
  // Everything that can be wrong is found before the port opens: an invalid desired state, a bad queue or journal.
  const checked: Pick<ReconcileContext, 'dir' | 'io' | 'desired'> = { dir: options.dir, io };
  const desired = await currentDesired(checked);
  checkQueuePath(options.queuePath, options.dir);
  if (options.fix) checkJournalPath(options.fix.journalPath, { desiredDir: options.dir });
  // One watch per queue: two would process each event twice. The lock sits beside the queue, so its directory
  // (.zoom-settings/ on a fresh checkout) must exist before the lock is taken.
  mkdirSync(dirname(resolve(options.queuePath)), { recursive: true });
  const lock = acquireRunLock(`${options.queuePath}.lock`, 'watch', defaultLockDeps((m) => io.stderr.write(m)));
  const cleanup: Array<() => Promise<void> | void> = [() => lock.release()];
  const close = async (): Promise<void> => {
    for (const step of cleanup.reverse()) await step();
  };
  try {
    const queue = EventQueue.open(options.queuePath, {
      desiredDir: options.dir,
      dedupeWindowMs: 24 * 3600_000,
      now: () => timers.now(),
      warn: (message, fields) => io.logger.warn(fields ?? {}, message),
    });
    cleanup.push(() => queue.close());
    const session = await openZoomSession(io);
    cleanup.push(() => session.close());
    const ctx: ReconcileContext = { io, session, dir: options.dir, now: () => timers.now(), hierarchy: null, desired, ...(options.fix ? { fix: options.fix } : {}) };
    if (keysByEmail(desired)) ctx.directory = await loadUserDirectory(session.client);
    ctx.hierarchy = (await readHierarchyOrWarn(io, session.client)) ?? null;
    const metrics = new WatchMetrics(() => queue.depth());
    const notify = notifierFromEnv(io.env, io.logger, io.secrets);
    const debouncer = new Debouncer<{ queued: QueuedEvent; event: SettingsEvent }>({
      timers,
      quietMs: options.debounceMs,
      async run(batch) {
        const report = await reconcileTarget(
          ctx,
          batch.items.map((i) => i.event),
        );
        if (report) {
          const counts = reportCounts(report);
          metrics.add('drift_found', counts.found);
          metrics.add('drift_acknowledged', counts.acknowledged);
          metrics.add('drift_fixed', counts.fixed);
          if (report.type === 'error') metrics.add('reconcile_errors');
          io.stdout.write(reportLine(report, options.format, io.secrets));
          await notify?.(report);
        }
        if (report?.retrying) {
          void timers.sleep(retryLockedMs(options.debounceMs)).then(() => batch.items.forEach((item) => debouncer.add(batch.key, item)));
          return;
        }
        for (const item of batch.items) queue.done(item.queued.id);
      },
    });
    cleanup.push(() => debouncer.stop());
    const accept = (queued: QueuedEvent, event: SettingsEvent): void => debouncer.add(targetKey(event.target), { queued, event });
    // Accepted before a crash or a stop and not done: they run first.
    for (const queued of queue.pending()) {
      const read = readEvent(queued.event);
      if (read.kind === 'settings') accept(queued, read.event);
      else queue.done(queued.id);
    }
    const server = createWebhookServer({
      secret,
      path: options.path,
      maxBodyBytes: options.maxBodyBytes,
      replayWindowMs: options.replayWindowMs,
      now: () => timers.now(),
      queue,
      metrics,
      logger: io.logger,
      accepted: accept,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => resolve());
    });
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        }),
    );
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}${options.path}`;
    io.stderr.write(`watch: listening on ${url}${options.fix ? ' (--fix: drift is corrected)' : ''}; ${queue.depth()} queued events to resume\n`);
    return { url, stop: close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Resolves on the first SIGTERM or SIGINT (a second one during shutdown is ignored: the queue keeps the rest). */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.removeListener('SIGTERM', on);
      process.removeListener('SIGINT', on);
      process.on('SIGTERM', () => undefined);
      process.on('SIGINT', () => undefined);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

export const watchCommand: Command = {
  name: 'watch',
  help: HELP,
  positionals: [],
  options: {
    ...APPLY_FLAG_OPTIONS,
    port: { type: 'string' },
    host: { type: 'string' },
    path: { type: 'string' },
    dir: { type: 'string' },
    fix: { type: 'boolean' },
    queue: { type: 'string' },
    format: { type: 'string' },
    'debounce-ms': { type: 'string' },
    'replay-window': { type: 'string' },
    'max-body': { type: 'string' },
  },
  async run(args, io) {
    const options = parseWatchOptions(args);
    const stopped = stopSignal();
    const handle = await startWatch(io, options);
    const signal = await stopped;
    io.stderr.write(`watch: ${signal}: stopping (no new events; the reconcile in flight finishes, the rest stays queued)\n`);
    await handle.stop();
    io.stderr.write('watch: stopped\n');
    return 0;
  },
};
