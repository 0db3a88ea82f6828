/** Shared helpers for the simulator tests: a manual clock, a token, and a tiny fetch-based API caller. */
import { startSimulator, type Clock, type SimulatorHandle, type SimulatorOptions } from '../../src/simulator/index.js';

/** 2026-11-28T12:00:00.000Z: a fixed clock start, mid-day UTC. */
export const NOON = Date.UTC(2026, 10, 28, 12, 0, 0);

export class ManualClock implements Clock {
  constructor(public time = NOON) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

export function basicAuth(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

export async function requestToken(sim: SimulatorHandle): Promise<string> {
  const { accountId, clientId, clientSecret } = sim.credentials;
  const res = await fetch(`${sim.tokenUrl}?grant_type=account_credentials&account_id=${accountId}`, {
    method: 'POST',
    headers: { authorization: basicAuth(clientId, clientSecret) },
  });
  const body = (await res.json()) as { access_token: string };
  if (res.status !== 200) throw new Error(`token request failed: ${res.status}`);
  return body.access_token;
}

async function toAnswer(res: Response): Promise<Answer> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

export interface Api {
  token: string;
  get(path: string, init?: RequestInit): Promise<Answer>;
  patch(path: string, body: unknown, init?: RequestInit): Promise<Answer>;
  settings(user: string, option?: string): Promise<Answer>;
  patchSettings(user: string, body: unknown, option?: string): Promise<Answer>;
}

export async function apiFor(sim: SimulatorHandle, token?: string): Promise<Api> {
  const bearer = token ?? (await requestToken(sim));
  const headers = { authorization: `Bearer ${bearer}` };
  const api: Api = {
    token: bearer,
    get: async (path, init = {}) => toAnswer(await fetch(`${sim.apiBaseUrl}${path}`, { ...init, headers })),
    patch: async (path, body, init = {}) =>
      toAnswer(
        await fetch(`${sim.apiBaseUrl}${path}`, {
          ...init,
          method: 'PATCH',
          headers: { ...headers, 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    settings: (user, option) => api.get(`/users/${encodeURIComponent(user)}/settings${option ? `?option=${option}` : ''}`),
    patchSettings: (user, body, option) =>
      api.patch(`/users/${encodeURIComponent(user)}/settings${option ? `?option=${option}` : ''}`, body),
  };
  return api;
}

/** Starts a simulator with a generous rate limit so tests that are not about limits never hit one. */
export function startTestSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  return startSimulator({ users: 60, maxRps: 10_000, ...options });
}

export async function admin(sim: SimulatorHandle, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  return toAnswer(
    await fetch(`${sim.baseUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    }),
  );
}
