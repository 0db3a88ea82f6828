/** SimulatorOptions checked once, at the boundary, with messages that name the option. */
import type { Plan, SimulatorOptions } from './types.js';

export interface ResolvedOptions {
  port: number;
  users: number;
  seed: string;
  plan: Plan;
  maxRps: number | undefined;
  dailyLimit: number | undefined;
  accountId: string;
  clientId: string;
  clientSecret: string;
  readOnlyClientId: string;
  readOnlyClientSecret: string;
  tokenTtlSeconds: number;
  preferShare: number;
  latency: { minMs: number; maxMs: number } | undefined;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new RangeError(message);
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const { port = 0, users = 20, seed = 1, plan = 'pro', maxRps, dailyLimit, tokenTtlSeconds = 3600, preferShare = 0.6, latency } = options;
  check(isCount(port) && port <= 65535, `Expected \`port\` to be an integer from 0 to 65535, got ${port}`);
  check(isCount(users), `Expected \`users\` to be a non-negative integer, got ${users}`);
  check(['free', 'pro', 'business'].includes(plan), `Expected \`plan\` to be free, pro or business, got ${String(plan)}`);
  check(maxRps === undefined || (Number.isFinite(maxRps) && maxRps > 0), `Expected \`maxRps\` to be a positive number, got ${maxRps}`);
  check(dailyLimit === undefined || isCount(dailyLimit), `Expected \`dailyLimit\` to be a non-negative integer, got ${dailyLimit}`);
  check(Number.isFinite(tokenTtlSeconds) && tokenTtlSeconds > 0, `Expected \`tokenTtlSeconds\` to be a positive number, got ${tokenTtlSeconds}`);
  check(
    options.quirks?.tokenRegime === undefined || ['concurrent', 'latest-only'].includes(options.quirks.tokenRegime),
    `Expected \`quirks.tokenRegime\` to be concurrent or latest-only, got ${String(options.quirks?.tokenRegime)}`,
  );
  check(preferShare >= 0 && preferShare <= 1, `Expected \`preferShare\` to be a number from 0 to 1, got ${preferShare}`);
  if (latency) {
    check(
      Number.isFinite(latency.minMs) && Number.isFinite(latency.maxMs) && latency.minMs >= 0 && latency.maxMs >= latency.minMs,
      `Expected \`latency\` to have 0 <= minMs <= maxMs, got ${latency.minMs}-${latency.maxMs}`,
    );
  }
  return {
    port,
    users,
    seed: String(seed),
    plan,
    maxRps,
    dailyLimit,
    accountId: options.accountId ?? 'sim-account',
    clientId: options.clientId ?? 'sim-client',
    clientSecret: options.clientSecret ?? 'sim-secret',
    readOnlyClientId: options.readOnlyClientId ?? 'sim-readonly-client',
    readOnlyClientSecret: options.readOnlyClientSecret ?? 'sim-readonly-secret',
    tokenTtlSeconds,
    preferShare,
    latency,
  };
}
