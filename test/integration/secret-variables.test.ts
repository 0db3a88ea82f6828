/**
 * Passcode variables (`{ env: NAME }`): validate warns about unset ones and still passes; apply refuses to start
 * when one is unset or changed since the plan, listing them, before any PATCH (not a partial apply). The built CLI
 * against a simulator.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { simulatorFor, type SimEnv } from '../helpers/sim-env.js';

const VARIABLE = 'ZOOM_EXEC_PMI_PASSCODE';
const GUARDS_OFF = ['--max-changed-percent', '100', '--max-changed-users', '100000'];

let s: SimEnv | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

function without(env: NodeJS.ProcessEnv, name: string): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy[name];
  return copy;
}

const patches = (sim: SimEnv): number => sim.sim.requestLog.filter((r) => r.method === 'PATCH').length;

async function driftedWorld(): Promise<SimEnv> {
  s = await simulatorFor('desired-state', {}, { [VARIABLE]: '55501234' });
  // Work for several users, the executives' passcode among it.
  for (const user of ['alice@example.com', 'bob@example.com']) s.sim.setSetting(user, 'default', ['in_meeting', 'waiting_room'], false);
  return s;
}

describe('passcode variables', () => {
  it('validate names an unset variable and where it is read, as a warning', async () => {
    const result = await runCli(['validate', '--dir', 'desired-state'], { env: {} });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`profiles/executives\\.yaml:\\d+:\\d+ schedule_meeting\\.pmi_password: warning: environment variable ${VARIABLE} is not set`));
    const set = await runCli(['validate', '--dir', 'desired-state'], { env: { [VARIABLE]: 'x1234567' } });
    expect(set.stdout).not.toContain(VARIABLE);
  });

  it('apply --auto-approve without the variable refuses to start; nothing is read or sent', async () => {
    const sim = await driftedWorld();
    const journal = join(mkdtempSync(join(tmpdir(), 'secret-')), 'journal.jsonl');
    const result = await runCli(['apply', '--auto-approve', '--dir', 'desired-state', '--journal', journal, ...GUARDS_OFF], { env: without(sim.env, VARIABLE) });
    expect(result.code).toBe(1);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(result.stderr).toContain('refusing to apply: a passcode variable is not set; nothing was sent to Zoom');
    expect(result.stderr).toMatch(new RegExp(`${VARIABLE} \\(read by schedule_meeting\\.pmi_password at .*executives\\.yaml:\\d+:\\d+\\)`));
    expect(sim.sim.requestLog.filter((r) => r.user !== null)).toEqual([]);
  });

  it('a saved plan is refused when its variable is unset or changed, and applied when it is as planned', async () => {
    const sim = await driftedWorld();
    const work = mkdtempSync(join(tmpdir(), 'secret-'));
    const plan = join(work, 'plan.json');
    // The executives' passcode differs in Zoom, so the plan sets it.
    const executive = sim.sim.users().find((u) => /^(dana|erin)@/.test(u.email))!.email;
    sim.sim.setSetting(executive, 'default', ['schedule_meeting', 'pmi_password'], '11112222');
    expect((await runCli(['plan', '--dir', 'desired-state', '--out', plan], { env: sim.env })).code).toBe(0);
    const apply = (env: NodeJS.ProcessEnv) => runCli(['apply', plan, '--journal', join(work, 'journal.jsonl'), ...GUARDS_OFF], { env });

    const unset = await apply(without(sim.env, VARIABLE));
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain(`${VARIABLE} is not set (it holds a passcode the plan sets)`);
    const changed = await apply({ ...sim.env, [VARIABLE]: '99998888' });
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain(`${VARIABLE} has changed since the plan was made`);
    expect(patches(sim)).toBe(0);

    const applied = await apply(sim.env);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(patches(sim)).toBeGreaterThan(1);
  });
});
