/**
 * Authentication profile settings when Zoom's GET lists no profiles because the toggle is off (zoom-api-facts.md
 * §9.2), and when it lists them (the spec's shape, the simulator's authProfilesWhenOff switch): both are planned.
 */
import { describe, expect, it } from '@jest/globals';
import type { DesiredLeaf } from '../../src/core/desired/merge.js';
import { diffAuthVariant } from '../../src/core/plan/diff-auth.js';
import { planFollowUps } from '../../src/core/plan/build-user-plan.js';
import { buildRequests } from '../../src/core/plan/requests.js';
import { AUTH_PROFILES } from '../../src/simulator/index.js';

const source = { file: 'profiles/secure.yaml', line: 3, column: 5 };
const leaf = (path: string[], value: unknown): DesiredLeaf => ({ variant: 'meeting_authentication', path, value, source });
const enable = leaf(['enabled'], true);
const showPartners = leaf(['profiles', 'Partner domains', 'visible'], true);
const defaultSignedIn = leaf(['profiles', 'Signed-in users', 'default'], true);
const listed = (visible: boolean) =>
  AUTH_PROFILES.meeting_authentication.map((p, i) => ({ ...p, visible: i === 2 ? visible : true, default_option: i === 1 }));

describe('authentication variants without profiles', () => {
  it('toggle off, no list, desired on: plans the toggle alone and keeps the profile settings as follow-ups', () => {
    const diff = diffAuthVariant('meeting_authentication', [enable, showPartners, defaultSignedIn], { meeting_authentication: false });
    expect(diff.errors).toEqual([]);
    expect(diff.changes.map((c) => [c.change.path, c.change.before, c.change.after])).toEqual([['meeting_authentication.enabled', false, true]]);
    expect(diff.followUps).toEqual([showPartners, defaultSignedIn]);
    expect(diff.notes).toEqual([
      'meeting_authentication.profiles.Partner domains.visible, meeting_authentication.profiles.Signed-in users.default: planned after meeting authentication is turned on (Zoom lists the profiles only while it is on); apply re-reads and sends them in the same run',
    ]);
  });

  it('toggle staying off: the profile settings are not applicable (a note), never an error or a change', () => {
    const diff = diffAuthVariant('meeting_authentication', [showPartners], { meeting_authentication: false });
    expect([diff.changes, diff.errors, diff.followUps]).toEqual([[], [], []]);
    expect(diff.notes).toEqual(['meeting_authentication.profiles.Partner domains.visible: not applicable while meeting authentication is off (Zoom lists no profiles while it is off)']);
  });

  it('with the list present (the spec shape), plans the toggle and the profiles at once', () => {
    const diff = diffAuthVariant('meeting_authentication', [enable, showPartners, defaultSignedIn], { meeting_authentication: false, authentication_options: listed(false) });
    expect(diff.changes.map((c) => c.change.path)).toEqual([
      'meeting_authentication.enabled',
      'meeting_authentication.profiles.Partner domains.visible',
      'meeting_authentication.profiles.Signed-in users.default',
    ]);
    expect([diff.followUps, diff.notes]).toEqual([[], []]);
  });

  it('after the toggle is on, the follow-ups are planned from the re-read into show and update requests', () => {
    const followUps = [showPartners, defaultSignedIn].map(({ path, value }) => ({ variant: 'meeting_authentication' as const, path, value, source }));
    const planned = planFollowUps(followUps, { meeting_authentication: { meeting_authentication: true, authentication_options: listed(false) } });
    expect(planned.errors).toEqual([]);
    expect(buildRequests('a@example.com', planned.changes).map((r) => r.body)).toEqual([
      { authentication_option: { action: 'show', id: 'ma-partners' } },
      { authentication_option: { action: 'update', id: 'ma-signed-in', default_option: true } },
    ]);
    const still = planFollowUps(followUps, { meeting_authentication: { meeting_authentication: true } });
    expect(still.errors).toEqual(['meeting_authentication: Zoom still lists no authentication profiles after the toggle was turned on; the profile settings were not sent']);
  });
});
