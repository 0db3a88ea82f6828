/** `zoom-settings simulator`: run a local Zoom account until SIGINT/SIGTERM, for demos and manual testing. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, UsageError } from '../core/errors.js';
import { ZOOM_RETRY_DELAYS_MS, startSimulator, type Plan, type SeedUser, type SimulatorOptions } from '../simulator/index.js';
import { resolveUsers } from '../io/desired-state.js';
import { seedUserFor } from '../io/seed-users.js';
import { hierarchySeedFor } from '../io/seed-hierarchy.js';
import type { DesiredState } from '../core/desired/model.js';
import { readHierarchyFile } from '../io/hierarchy-file.js';
import { booleanOption, stringOption, type Command, type CommandIo, type ParsedArgs } from './command.js';
import { loadValidDesiredState } from './shared/desired.js';

const DEFAULT_SECRET = 'sim-secret';
const DEFAULT_DIR = 'desired-state';
/** The CLI keeps a bounded request log: a demo can run for hours. */
const CLI_LOG_LIMIT = 10_000;

const HELP = `Usage: zoom-settings simulator [options]

Runs a local Zoom account on 127.0.0.1: OAuth token endpoint, GET/PATCH /v2/users/{userId}/settings (all four
option variants), GET /v2/users, Zoom's MEDIUM rate limits and error answers. Runs until Ctrl-C (SIGINT) or
SIGTERM, then stops cleanly. The first line of output is "listening on http://127.0.0.1:PORT"; then come
ready-to-paste "export ZOOM_…" lines for the other commands.

Options:
  --port PORT             port to listen on; 0 (default) picks a free one
  --users N               generated users (default 20): user00001@example.com …; every 50th is pending
  --users-from DIR        also create every user named in the desired-state directory DIR, with settings that
                          differ from the desired ones on some keys (so a first plan has something to show);
                          default: ./desired-state when it exists and --users is not given
  --seed S                seed of the generated account and of injected faults (default 1); same seed, same account
  --plan PLAN             free, pro (default) or business: sets the MEDIUM limit (2, 20 or 60 requests/s)
                          and, on free, the 2,000 requests/day cap
  --max-rps R             per-second MEDIUM limit instead of the plan's
  --daily-limit N         daily MEDIUM cap (reset at 00:00 UTC), on any plan
  --latency MIN-MAX       delay every API answer by a random MIN..MAX milliseconds (e.g. 20-80; a single
                          number means exactly that)
  --state FILE            load the account from FILE if it exists and save changes to it, so a demo persists
                          between runs (the file holds passcodes: keep it out of git)
  --token-ttl SECONDS     lifetime of issued access tokens (default 3600)
  --account-id ID         Server-to-Server OAuth account id (default sim-account; env ZOOM_SIM_ACCOUNT_ID)
  --client-id ID          OAuth client id (default sim-client; env ZOOM_SIM_CLIENT_ID)
  --client-secret SECRET  OAuth client secret (default ${DEFAULT_SECRET}; env ZOOM_SIM_CLIENT_SECRET); a secret you
                          give is never printed
  --hierarchy FILE        seed the account and group levels from a YAML file: account {settings, locks}, groups
                          [{name, id?, priority?, members: [emails], settings, locks}] (see the README)
  --locked-patch MODE     a user PATCH on a field a lock holds: ignore (default; 204, value kept) or reject (400)
  --user-settings MODE    own: every user has a generated copy of every setting (default without inherit: true in
                          the hierarchy file); inherit: a user's GET shows their own overrides over their
                          highest-priority group's values, else the account's, like real Zoom
  --generate-hierarchy    seed a realistic hierarchy over the --users generated users instead of --hierarchy FILE:
                          users inherit, six groups with a few settings and locks, ~5 % of users with overrides
  --no-log                keep no request log (GET /_sim/log stays empty)
  --webhook-url URL       POST Zoom's signed settings events (user.settings_updated, group.settings_updated,
                          group.lock_settings_updated, account.settings_updated, account.lock_settings_updated) to
                          URL whenever a portal change (below) alters a value; env ZOOM_SIM_WEBHOOK_URL
  --webhook-secret SECRET the app's secret token the events are signed with (x-zm-signature); default env
                          ZOOM_WEBHOOK_SECRET_TOKEN, the variable \`watch\` reads; never printed
  --webhook-retry-delays LIST
                          waits before each retry of a delivery that did not get a 2xx within 3 s, e.g. 10s,1m
                          (units ms, s, m, h; \`none\`: no retries). Default 5m,20m,60m, as Zoom documents
  --webhook-redeliver     deliver every event twice, as a redelivery would (to try deduplication)
  -h, --help              show this help

Admin endpoints (no auth, not rate limited): GET /_sim/stats, GET /_sim/log, GET /_sim/user/{id or email},
POST /_sim/faults {errorRate, resetRate, hangRate, qpsStormRate, tokenExpireAfterRequests, dailyLimitAfterRequests},
POST /_sim/expire-tokens, POST /_sim/next-day, POST /_sim/lock {user, variant, path},
POST /_sim/set {user, variant, path, value},
POST /_sim/quirks {authProfilesWhenOff, rateLimitCounts, bareDailyLimit, tokenRegime: concurrent|latest-only}.

Portal changes (as an admin in Zoom's web portal: no API call, no rate limit; each change that alters a value sends
its event to --webhook-url): POST /_sim/portal/users/{id or email}/settings, /_sim/portal/groups/{id or name}/settings,
/_sim/portal/groups/{id or name}/lock_settings, /_sim/portal/account/settings, /_sim/portal/account/lock_settings, each
with {"operator": "admin@example.com", "settings": {"in_meeting": {"chat": false}}}; GET /_sim/portal/log.
Webhooks: GET /_sim/webhooks (endpoint and deliveries), POST /_sim/webhooks {url, secret, retryDelaysMs, redeliver},
POST /_sim/webhooks/validate (Zoom's endpoint.url_validation check against the URL).

A second app with read scopes only (client id sim-readonly-client, secret sim-readonly-secret) is printed at start:
its tokens read settings, and every PATCH with them answers 400 code 4711 (missing scopes).

Exit codes: 0 stopped by a signal, 1 bad arguments or the server could not start.
`;

function integerFlag(args: ParsedArgs, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
    throw new UsageError(`--${name} must be ${range}, not "${raw}"`, 'simulator');
  }
  return value;
}

function positiveFlag(args: ParsedArgs, name: string): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--${name} must be a positive number, not "${raw}"`, 'simulator');
  }
  return value;
}

function latencyFlag(args: ParsedArgs): SimulatorOptions['latency'] {
  const raw = stringOption(args, 'latency');
  if (raw === undefined) return undefined;
  const match = /^(\d+)(?:-(\d+))?$/.exec(raw.trim());
  const minMs = Number(match?.[1]);
  const maxMs = Number(match?.[2] ?? match?.[1]);
  if (!match || maxMs < minMs) throw new UsageError(`--latency must be MIN-MAX milliseconds with MIN ≤ MAX (e.g. 20-80), not "${raw}"`, 'simulator');
  return { minMs, maxMs };
}

function planFlag(args: ParsedArgs): Plan | undefined {
  const raw = stringOption(args, 'plan');
  if (raw === undefined || raw === 'free' || raw === 'pro' || raw === 'business') return raw;
  throw new UsageError(`--plan must be free, pro or business, not "${raw}"`, 'simulator');
}

/**
 * `--users-from DIR`: every user named in a desired-state directory exists, with generated settings that match the
 * desired ones on some keys and differ on others (`prefer`, see src/io/seed-users.ts).
 */
async function seedUsersFromArgs(args: ParsedArgs, io: CommandIo): Promise<{ users: SeedUser[]; levels: Pick<DesiredState, 'account' | 'groups'> } | undefined> {
  // The quick start's bare `zoom-settings simulator` in a checkout: the users of ./desired-state exist, so the
  // plan printed next has the example users to show. --users N alone keeps a purely generated account.
  const fallback = stringOption(args, 'users') === undefined && existsSync(resolve(io.cwd, DEFAULT_DIR)) ? resolve(io.cwd, DEFAULT_DIR) : undefined;
  const dir = stringOption(args, 'users-from') ?? fallback;
  if (dir === undefined) return undefined;
  const loaded = await loadValidDesiredState(dir, io);
  return { users: [...resolveUsers(loaded.state)].map(seedUserFor), levels: loaded.state };
}

/**
 * `--hierarchy FILE` | `--generate-hierarchy`, `--locked-patch MODE` and `--user-settings MODE`
 * (src/simulator/hierarchy.ts, inheritance.ts, realistic-hierarchy.ts).
 */
async function hierarchyFromArgs(
  args: ParsedArgs,
  io: CommandIo,
): Promise<Pick<SimulatorOptions, 'hierarchy' | 'lockedPatch' | 'userSettings' | 'generateHierarchy'>> {
  const file = stringOption(args, 'hierarchy');
  const generate = booleanOption(args, 'generate-hierarchy');
  if (file !== undefined && generate) throw new UsageError('give either --hierarchy FILE or --generate-hierarchy, not both', 'simulator');
  const mode = stringOption(args, 'locked-patch');
  if (mode !== undefined && mode !== 'ignore' && mode !== 'reject') throw new UsageError(`--locked-patch must be ignore or reject, not "${mode}"`, 'simulator');
  const userSettings = stringOption(args, 'user-settings');
  if (userSettings !== undefined && userSettings !== 'own' && userSettings !== 'inherit') {
    throw new UsageError(`--user-settings must be own or inherit, not "${userSettings}"`, 'simulator');
  }
  return {
    ...(file !== undefined ? { hierarchy: await readHierarchyFile(resolve(io.cwd, file)) } : {}),
    ...(generate ? { generateHierarchy: true } : {}),
    ...(mode !== undefined ? { lockedPatch: mode } : {}),
    ...(userSettings !== undefined ? { userSettings } : {}),
  };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function retryDelaysFlag(args: ParsedArgs): number[] | undefined {
  const raw = stringOption(args, 'webhook-retry-delays');
  if (raw === undefined) return undefined;
  if (raw.trim() === 'none') return [];
  return raw.split(',').map((part) => {
    const match = /^(\d+)(ms|s|m|h)?$/.exec(part.trim());
    if (!match) throw new UsageError(`--webhook-retry-delays must be durations like 10s,1m,1h (or none), not "${raw}"`, 'simulator');
    return Number(match[1]) * UNIT_MS[match[2] ?? 'ms']!;
  });
}

/** `--webhook-url`, `--webhook-secret`, `--webhook-retry-delays`, `--webhook-redeliver` (src/simulator/webhook-delivery.ts). */
function webhooksFromArgs(args: ParsedArgs, io: CommandIo): SimulatorOptions['webhooks'] {
  const url = stringOption(args, 'webhook-url') ?? io.env.ZOOM_SIM_WEBHOOK_URL;
  const givenSecret = stringOption(args, 'webhook-secret');
  const secret = givenSecret ?? io.env.ZOOM_WEBHOOK_SECRET_TOKEN;
  const retryDelaysMs = retryDelaysFlag(args);
  if (url === undefined) {
    if (givenSecret !== undefined || retryDelaysMs !== undefined || booleanOption(args, 'webhook-redeliver')) {
      throw new UsageError('--webhook-secret, --webhook-retry-delays and --webhook-redeliver need --webhook-url', 'simulator');
    }
    return undefined;
  }
  if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--webhook-url must be an http:// or https:// URL, not "${url}"`, 'simulator');
  if (secret === undefined || secret === '') throw new UsageError('--webhook-url needs --webhook-secret or ZOOM_WEBHOOK_SECRET_TOKEN: events are signed', 'simulator');
  return { url, secret, ...(retryDelaysMs ? { retryDelaysMs } : {}), ...(booleanOption(args, 'webhook-redeliver') ? { redeliver: true } : {}) };
}

function formatDelay(ms: number): string {
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

function webhookLines(baseUrl: string, webhooks: SimulatorOptions['webhooks']): string[] {
  const example = `curl -X POST ${baseUrl}/_sim/portal/users/user00001%40example.com/settings -H 'content-type: application/json' ` +
    `-d '{"operator":"admin@example.com","settings":{"in_meeting":{"chat":false}}}'`;
  if (!webhooks) return [`Portal change (no webhook URL: no event is sent): ${example}`];
  const delays = webhooks.retryDelaysMs ?? ZOOM_RETRY_DELAYS_MS;
  return [
    `Webhooks: signed settings events go to ${webhooks.url} (retries after ${delays.length ? delays.map(formatDelay).join(', ') : 'none'}` +
      `${webhooks.redeliver ? '; every event delivered twice' : ''})`,
    `Portal change: ${example}`,
    `Check the endpoint like Zoom does: curl -X POST ${baseUrl}/_sim/webhooks/validate`,
  ];
}

/** A value safe to paste into a POSIX shell. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function signalled(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export interface SimulatorCommandDeps {
  start?: typeof startSimulator;
  /** Resolves when the simulator should stop; default: the first SIGINT or SIGTERM. */
  untilStopped?: () => Promise<string>;
}

export function createSimulatorCommand(deps: SimulatorCommandDeps = {}): Command {
  const start = deps.start ?? startSimulator;
  const untilStopped = deps.untilStopped ?? signalled;
  return {
    name: 'simulator',
    help: HELP,
    positionals: [],
    options: {
      port: { type: 'string' },
      users: { type: 'string' },
      'users-from': { type: 'string' },
      seed: { type: 'string' },
      plan: { type: 'string' },
      'max-rps': { type: 'string' },
      'daily-limit': { type: 'string' },
      latency: { type: 'string' },
      state: { type: 'string' },
      'token-ttl': { type: 'string' },
      'account-id': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'no-log': { type: 'boolean' },
      hierarchy: { type: 'string' },
      'locked-patch': { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'webhook-retry-delays': { type: 'string' },
      'webhook-redeliver': { type: 'boolean' },
      'user-settings': { type: 'string' },
      'generate-hierarchy': { type: 'boolean' },
    },
    async run(args, io) {
      const givenSecret = stringOption(args, 'client-secret') ?? io.env.ZOOM_SIM_CLIENT_SECRET;
      const statePath = stringOption(args, 'state');
      const fromDir = await seedUsersFromArgs(args, io);
      const fromFile = await hierarchyFromArgs(args, io);
      const options: SimulatorOptions = {
        port: integerFlag(args, 'port', 0, 65535) ?? 0,
        users: integerFlag(args, 'users', 0),
        seed: stringOption(args, 'seed'),
        plan: planFlag(args),
        maxRps: positiveFlag(args, 'max-rps'),
        dailyLimit: integerFlag(args, 'daily-limit', 0),
        latency: latencyFlag(args),
        statePath: statePath === undefined ? undefined : resolve(io.cwd, statePath),
        tokenTtlSeconds: positiveFlag(args, 'token-ttl'),
        accountId: stringOption(args, 'account-id') ?? io.env.ZOOM_SIM_ACCOUNT_ID,
        clientId: stringOption(args, 'client-id') ?? io.env.ZOOM_SIM_CLIENT_ID,
        clientSecret: givenSecret,
        requestLog: booleanOption(args, 'no-log') ? false : { limit: CLI_LOG_LIMIT },
        seedUsers: fromDir?.users,
        ...fromFile,
        // The account and groups of the desired state exist as it has them; --hierarchy adds members and wins.
        ...(fromDir ? { hierarchy: hierarchySeedFor(fromDir.levels, fromFile.hierarchy) } : {}),
        webhooks: webhooksFromArgs(args, io),
      };
      const sim = await start(options).catch((error: unknown) => {
        throw new InputError(`the simulator could not start: ${(error as Error).message}`);
      });
      const { accountId, clientId } = sim.credentials;
      const secretShown = givenSecret === undefined ? sim.credentials.clientSecret : '<as given>';
      io.stdout.write(
        [
          `listening on ${sim.baseUrl}`,
          `Zoom simulator: ${sim.users().length} users, plan ${options.plan ?? 'pro'}` +
            `${options.maxRps ? `, max ${options.maxRps} requests/s` : ''}${options.statePath ? `, state ${options.statePath}` : ''}`,
          'Point the other commands at it (paste into another shell):',
          `export ZOOM_ACCOUNT_ID=${shellWord(accountId)} ZOOM_CLIENT_ID=${shellWord(clientId)} ` +
            `ZOOM_CLIENT_SECRET=${givenSecret === undefined ? shellWord(secretShown) : `'${secretShown}'`} ` +
            `ZOOM_OAUTH_TOKEN_URL=${sim.tokenUrl} ZOOM_API_BASE_URL=${sim.apiBaseUrl}`,
          `Read-only app (reads work, writes answer 4711): ZOOM_CLIENT_ID=${shellWord(sim.readOnlyCredentials.clientId)} ` +
            `ZOOM_CLIENT_SECRET=${shellWord(sim.readOnlyCredentials.clientSecret)}`,
          ...webhookLines(sim.baseUrl, options.webhooks),
          `Stats: curl ${sim.baseUrl}/_sim/stats    Stop: Ctrl-C`,
          '',
        ].join('\n'),
      );
      const signal = await untilStopped();
      await sim.stop();
      const final = sim.counters();
      const failed = sim.webhookDeliveries.filter((d) => !d.ok).length;
      io.stderr.write(
        `simulator stopped (${signal}): ${final.requests} API requests, ${final.tokensIssued} tokens issued, ` +
          `${final.rateLimited.QPS + final.rateLimited['Daily-limit'] + final.rateLimited.Concurrent} rate limited` +
          `${options.webhooks ? `, ${sim.portalLog.length} portal changes, ${sim.webhookDeliveries.length} webhook deliveries (${failed} failed)` : ''}\n`,
      );
      return 0;
    },
  };
}

export const simulatorCommand: Command = createSimulatorCommand();
