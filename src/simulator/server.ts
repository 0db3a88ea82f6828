/**
 * startSimulator(): a local Zoom account on 127.0.0.1 (node:http). Each API request goes through Zoom's order of
 * checks: auth (401/124) → daily limit → per-second limit → per-user concurrency → faults → latency → handler.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Account } from './account.js';
import { answerAdmin } from './admin-routes.js';
import { PageTokens, answerSettings, answerUserList, routeApi, type ApiAnswer } from './api-routes.js';
import { BodyTooLargeError, parseJson, readBody, sendEmpty, sendJson } from './http-util.js';
import { resolveOptions } from './options.js';
import { CONCURRENT_MESSAGE, QPS_MESSAGE, RateLimiter } from './rate-limits.js';
import { RequestLog } from './request-log.js';
import { FaultInjector, validateFaults } from './faults.js';
import { SimHierarchy } from './hierarchy.js';
import { realisticHierarchy } from './realistic-hierarchy.js';
import { answerHierarchy, routeHierarchy } from './hierarchy-routes.js';
import { seededRandom } from './seeded-random.js';
import { DebouncedSaver, loadState, saveState } from './state-file.js';
import { InFlight, Stats } from './stats.js';
import { TokenStore, WRITE_SCOPES, answerTokenRequest } from './tokens.js';
import { validateQuirks } from './quirks.js';
import { applyPortalChange, portalLogEntry, type PortalLogEntry } from './portal.js';
import { answerPortalRoutes } from './portal-routes.js';
import { WebhookSender, type WebhookOptions } from './webhook-delivery.js';
import { SYSTEM_CLOCK, type QuirkOptions, type SimulatorHandle, type SimulatorOptions } from './types.js';

function sendAnswer(res: ServerResponse, answer: { status: number; body?: unknown }): void {
  if (answer.body === undefined) sendEmpty(res, answer.status);
  else sendJson(res, answer.status, answer.body);
}

const ERROR_MESSAGES = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' } as const;

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const resolved = resolveOptions(options);
  const clock = options.clock ?? SYSTEM_CLOCK;
  const statePath = options.statePath;
  const loaded = statePath ? loadState(statePath) : undefined;
  const seedHierarchy = options.hierarchy ?? (options.generateHierarchy ? realisticHierarchy(resolved.seed, resolved.users) : {});
  const userSettings = options.userSettings ?? (seedHierarchy.inherit ? 'inherit' : 'own');
  if (loaded && (loaded.userSettings ?? 'own') !== userSettings) {
    throw new RangeError(`the state file ${statePath} was written with userSettings '${loaded.userSettings ?? 'own'}', not '${userSettings}': use another file`);
  }
  const account = loaded
    ? Account.fromState(loaded)
    : Account.generate({ seed: resolved.seed, users: resolved.users, seedUsers: options.seedUsers ?? [], preferShare: resolved.preferShare, userSettings });
  let hierarchy = new SimHierarchy(seedHierarchy, resolved.seed);
  // Read at every GET, so a hierarchy replaced at run time (setHierarchy) flows to the users who inherit.
  account.inheritFrom({ inherited: (user, variant) => hierarchy.inherited(user, variant), seeded: (user) => hierarchy.seeded(user) });
  for (const lock of options.locks ?? []) account.lock(lock.user, lock.variant, lock.path);
  const lockedPatch = options.lockedPatch ?? 'ignore';

  const credentials = {
    accountId: resolved.accountId,
    clientId: resolved.clientId,
    clientSecret: resolved.clientSecret,
    readOnlyClientId: resolved.readOnlyClientId,
    readOnlyClientSecret: resolved.readOnlyClientSecret,
  };
  const tokens = new TokenStore(clock, resolved.tokenTtlSeconds);
  const limiter = new RateLimiter(clock, resolved.plan, resolved.maxRps, resolved.dailyLimit);
  const quirks: Required<QuirkOptions> = { authProfilesWhenOff: false, rateLimitCounts: false, bareDailyLimit: false, tokenRegime: 'concurrent' };
  const setQuirks = (next: QuirkOptions): void => {
    for (const key of Object.keys(quirks) as Array<keyof QuirkOptions>) {
      if (Object.hasOwn(next, key) && next[key] !== undefined) (quirks as Record<string, unknown>)[key] = next[key];
    }
    limiter.withCounts = quirks.rateLimitCounts;
    limiter.bareDailyLimit = quirks.bareDailyLimit;
    tokens.regime = quirks.tokenRegime;
  };
  setQuirks(options.quirks ?? {});
  const faults = new FaultInjector(seededRandom(resolved.seed, 'faults'));
  faults.set(options.faults ?? {});
  const latencyRng = seededRandom(resolved.seed, 'latency');
  const stats = new Stats();
  const inFlight = new InFlight();
  const log = new RequestLog(options.requestLog ?? true);
  const pageTokens = new PageTokens();
  const saver = statePath ? new DebouncedSaver(() => saveState(statePath, account.toState())) : undefined;
  const webhooks = new WebhookSender(clock);
  webhooks.configure(options.webhooks);
  let webhookSecret = options.webhooks?.secret;
  const setWebhooks = (next: WebhookOptions | undefined): void => {
    webhooks.configure(next);
    webhookSecret = next?.secret;
  };
  const portalLog: PortalLogEntry[] = [];
  const hung = new Set<ServerResponse>();
  const delays = new Set<NodeJS.Timeout>();
  let baseUrl = '';
  let stopping: Promise<void> | undefined;

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        delays.delete(timer);
        resolve();
      }, ms);
      delays.add(timer);
    });

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const arrival = clock.now();
    stats.arrival(arrival);
    const route = routeApi(url.pathname);
    const option = url.searchParams.get('option');
    const entry = log.start({ time: arrival, method, path: url.pathname, option, user: route.kind === 'settings' ? route.userKey : null });
    const raw = await readBody(req);
    const rawBody = raw.toString('utf8');
    if (method === 'PATCH') {
      stats.patchBodyBytes += raw.length;
      const parsed = parseJson(rawBody);
      entry.body = parsed.ok ? parsed.value : rawBody;
    }
    const flight =
      route.kind === 'settings' ? inFlight.enter(account.find(route.userKey)?.id ?? route.userKey.toLowerCase(), method === 'PATCH') : undefined;
    if (flight && flight.others > 0) stats.concurrentSameUser += 1;
    const finish = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      flight?.leave();
      entry.status = status;
      stats.answered(status);
      if (body === undefined) sendEmpty(res, status, headers);
      else sendJson(res, status, body, headers);
    };

    if (faults.tokensExpireNow()) {
      tokens.expireAll();
      stats.faultsInjected.tokenExpire += 1;
      entry.fault = 'tokenExpire';
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !tokens.isValid(bearer)) return finish(401, { code: 124, message: 'Invalid access token.' });
    // A token without write scopes may read but not write (zoom-api-facts.md §9.4: 400, code 4711).
    if (method === 'PATCH' && tokens.scopesOf(bearer) === 'read-only') {
      return finish(400, { code: 4711, message: `Invalid access token, does not contain scopes:[${WRITE_SCOPES.join(', ')}].` });
    }

    if (faults.dailyLimitNow()) {
      limiter.exhaustDay();
      stats.faultsInjected.dailyLimit += 1;
      entry.fault = 'dailyLimit';
    }
    const decision = limiter.check();
    if (!decision.ok) {
      stats.rateLimited[decision.type] += 1;
      entry.rateLimitType = decision.type;
      return finish(429, decision.body, decision.headers);
    }
    // Zoom limits simultaneous updates to one user's settings (§5.2); the answer carries no X-RateLimit-Type.
    if (method === 'PATCH' && flight && flight.otherPatches > 0) {
      stats.rateLimited.Concurrent += 1;
      entry.rateLimitType = 'Concurrent';
      return finish(429, { code: 429, message: CONCURRENT_MESSAGE }, { 'X-RateLimit-Category': 'Medium' });
    }
    limiter.count();
    faults.countMedium();

    const fault = faults.pick();
    if (fault.kind !== 'none') {
      stats.faultsInjected[fault.kind] += 1;
      entry.fault = fault.kind;
    }
    switch (fault.kind) {
      case 'error':
        return finish(fault.status, { code: fault.status, message: ERROR_MESSAGES[fault.status] });
      case 'reset':
        flight?.leave();
        req.socket.destroy();
        return;
      case 'hang':
        // The request is lost, not in progress: a client's retry after its timeout is not "concurrent".
        flight?.leave();
        hung.add(res);
        res.on('close', () => hung.delete(res));
        return;
      case 'qpsStorm':
        limiter.uncount();
        faults.uncountMedium();
        stats.rateLimited.QPS += 1;
        entry.rateLimitType = 'QPS';
        return finish(429, { code: 429, message: QPS_MESSAGE }, {
          'X-RateLimit-Category': 'Medium',
          'X-RateLimit-Type': 'QPS',
          'X-RateLimit-Limit': String(limiter.perSecond),
          'X-RateLimit-Remaining': '0',
        });
    }

    if (resolved.latency) {
      const { minMs, maxMs } = resolved.latency;
      await delay(minMs + latencyRng.next() * (maxMs - minMs));
      if (stopping) return;
    }
    const levels = route.kind === 'unknown' ? routeHierarchy(url.pathname) : undefined;
    const answer: ApiAnswer =
      route.kind === 'settings'
        ? answerSettings(account, method, route.userKey, option, rawBody, quirks, { hierarchy, mode: lockedPatch })
        : route.kind === 'users'
          ? answerUserList(account, method, url.searchParams, pageTokens, clock.now())
          : levels
            ? answerHierarchy(levels, method, url.searchParams, { hierarchy, account, accountId: credentials.accountId, scoped: options.hierarchyScopes ?? true, rawBody })
            : { status: 404, body: { code: 404, message: `No such API: ${method} ${url.pathname}.` } };
    if (answer.changed) saver?.changed();
    finish(answer.status, answer.body, limiter.headers());
  }

  async function handleToken(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    stats.tokenRequests += 1;
    const entry = log.start({ time: clock.now(), method: req.method ?? 'GET', path: url.pathname, option: null, user: null });
    const body = (await readBody(req)).toString('utf8');
    const answer = answerTokenRequest(
      { method: req.method ?? 'GET', query: url.searchParams, authorization: req.headers.authorization, contentType: req.headers['content-type'], body },
      credentials,
      tokens,
      baseUrl,
    );
    entry.status = answer.status;
    sendJson(res, answer.status, answer.body);
  }

  const handle: SimulatorHandle = {
    baseUrl: '',
    apiBaseUrl: '',
    tokenUrl: '',
    credentials: { accountId: credentials.accountId, clientId: credentials.clientId, clientSecret: credentials.clientSecret },
    readOnlyCredentials: { clientId: credentials.readOnlyClientId, clientSecret: credentials.readOnlyClientSecret },
    requestLog: log.entries,
    counters: () => stats.snapshot(tokens.issued),
    clearLog: () => log.clear(),
    setFaults: (next) => faults.set(next),
    setQuirks,
    setMaxRps: (rps) => {
      if (!(Number.isFinite(rps) && rps > 0)) throw new RangeError(`Expected \`rps\` to be a positive number, got ${rps}`);
      limiter.setMaxRps(rps);
    },
    expireAllTokens: () => tokens.expireAll(),
    lock: (user, variant, path) => {
      account.lock(user, variant, path);
      saver?.changed();
    },
    setHierarchy: (seed) => {
      hierarchy = new SimHierarchy(seed, resolved.seed);
    },
    user: (key) => account.snapshot(key),
    setSetting: (key, variant, path, value) => {
      account.setSetting(key, variant, path, value);
      saver?.changed();
    },
    portalChange: (target, change) => {
      const result = applyPortalChange(target, change, { account, hierarchy, accountId: credentials.accountId, nowMs: clock.now() });
      if (result.event) {
        portalLog.push(portalLogEntry(portalLog.length + 1, target, { ...result, event: result.event }, change.operator));
        saver?.changed();
        webhooks.send(result.event);
      }
      return result;
    },
    portalLog,
    setWebhooks,
    webhookDeliveries: webhooks.deliveries,
    webhooksIdle: () => webhooks.idle(),
    checkWebhookEndpoint: (override = {}) => webhooks.validateEndpoint(override),
    secrets: () => account.secrets(),
    users: () => account.summaries(),
    stop: () => (stopping ??= stop()),
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/_sim/')) {
      const body = (await readBody(req)).toString('utf8');
      const portal = await answerPortalRoutes(
        req.method ?? 'GET',
        url.pathname,
        body,
        {
          portalChange: handle.portalChange,
          portalLog,
          webhooks,
          deliveries: webhooks.deliveries,
          setWebhooks,
          checkWebhookEndpoint: handle.checkWebhookEndpoint,
        },
        () => webhookSecret,
      );
      if (portal) return sendAnswer(res, portal);
      const answer = answerAdmin(req.method ?? 'GET', url.pathname, body, {
        counters: handle.counters,
        maskedLog: () => log.masked(),
        setFaults: (next) => faults.set(validateFaults(next)),
        setQuirks: (next) => setQuirks(validateQuirks(next)),
        expireAllTokens: handle.expireAllTokens,
        nextDay: () => limiter.nextDay(),
        lock: handle.lock,
        setSetting: handle.setSetting,
        user: handle.user,
      });
      return sendAnswer(res, answer);
    }
    if (url.pathname === '/oauth/token') return handleToken(req, res, url);
    if (url.pathname === '/v2' || url.pathname.startsWith('/v2/')) return handleApi(req, res, url);
    sendJson(res, 404, { code: 404, message: `Not found: ${url.pathname}` });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { code: 413, message: error.message });
      // A simulator bug must show up as a loud answer, not a hung test.
      sendJson(res, 500, { code: 500, message: `simulator error: ${(error as Error).message}` });
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  async function stop(): Promise<void> {
    webhooks.stop();
    for (const timer of delays) clearTimeout(timer);
    delays.clear();
    for (const res of hung) res.destroy();
    hung.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    await saver?.flush();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handle.baseUrl = baseUrl;
  handle.apiBaseUrl = `${baseUrl}/v2`;
  handle.tokenUrl = `${baseUrl}/oauth/token`;
  return handle;
}
