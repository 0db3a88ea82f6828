import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SimulatorHandle } from '../../src/simulator/index.js';
import { type Api, apiFor, startTestSimulator } from './sim-helpers.js';

describe('simulator GET /users', () => {
  let sim: SimulatorHandle;
  let api: Api;
  beforeAll(async () => {
    sim = await startTestSimulator({ users: 75, seedUsers: [{ email: 'Seeded.Person@Example.com' }] });
    api = await apiFor(sim);
  });
  afterAll(() => sim.stop());

  it('pages over the active users with page_size 30', async () => {
    const pages: any[] = [];
    let token = '';
    do {
      const res = await api.get(`/users?page_size=30${token ? `&next_page_token=${token}` : ''}`);
      expect(res.status).toBe(200);
      pages.push(res.body);
      token = res.body.next_page_token;
    } while (token);
    // 75 generated (user00050 is pending) + 1 seed user = 75 active.
    expect(pages.map((p) => p.users.length)).toEqual([30, 30, 15]);
    expect(pages.every((p) => p.total_records === 75 && p.page_size === 30)).toBe(true);
    expect(pages[2].next_page_token).toBe('');
    const users = pages.flatMap((p) => p.users);
    expect(users[0]).toEqual({
      id: sim.users()[0]!.id,
      email: 'user00001@example.com',
      first_name: 'User',
      last_name: '00001',
      type: 1,
      status: 'active',
    });
    expect(users.map((u) => u.email)).not.toContain('user00050@example.com');
    expect(users[users.length - 1].email).toBe('Seeded.Person@Example.com');
    expect(new Set(users.map((u) => u.id)).size).toBe(75);
  });

  it('lists pending users with status=pending', async () => {
    const res = await api.get('/users?status=pending');
    expect(res.body.users.map((u: { email: string }) => u.email)).toEqual(['user00050@example.com']);
    expect(res.body.users[0].status).toBe('pending');
  });

  it('defaults to 30 per page and caps page_size at 300', async () => {
    expect((await api.get('/users')).body.users).toHaveLength(30);
    const big = await api.get('/users?page_size=1000');
    expect(big.body.page_size).toBe(300);
    expect(big.body.users).toHaveLength(75);
  });

  it('answers 400 code 300 for an unknown next_page_token', async () => {
    const res = await api.get('/users?next_page_token=bogus');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(300);
  });
});
