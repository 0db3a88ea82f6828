/** The report's rule results: the live users (and the account and groups, when read) judged by the policy engine. */
import { profilesOf } from '../../core/policy/desired-subjects.js';
import { evaluate, type PolicySet, type PolicySubject } from '../../core/policy/index.js';
import { liveLevelSubjects, liveUserSubject, type LiveUser } from '../../core/policy/live-subjects.js';
import type { HierarchySnapshot } from '../../core/hierarchy/model.js';
import type { DesiredState } from '../../core/desired/model.js';
import type { RuleJudgements } from '../../core/report/build.js';
import { judgements } from '../../core/report/rules.js';
import type { ReadReportUser } from './report-read.js';

function liveOf(user: ReadReportUser): LiveUser['live'] {
  const live = user.live;
  if (live.kind === 'ok') return { kind: 'ok', settings: live.settings };
  if (live.kind === 'not-found') return { kind: 'unavailable', reason: 'Zoom does not know this user (1001)' };
  if (live.kind === 'pending') return { kind: 'unavailable', reason: 'the user has not joined the account yet (pending)' };
  return { kind: 'unavailable', reason: `the user's settings could not be read: ${live.message}` };
}

export function judgeLiveUsers(policySet: PolicySet, layers: DesiredState, users: readonly ReadReportUser[], hierarchy: HierarchySnapshot | undefined, today: string): RuleJudgements {
  const subjects: PolicySubject[] = users.map((user) =>
    liveUserSubject({ key: user.key, aliases: [user.resolved.user.identity], profiles: profilesOf(layers, user.resolved), pos: user.resolved.user.pos, live: liveOf(user) }, hierarchy),
  );
  if (hierarchy) subjects.push(...liveLevelSubjects(hierarchy));
  const membershipUnknown = hierarchy ? {} : { membershipUnknown: 'group membership was not read (the account and group levels could not be read)' };
  return judgements(policySet, evaluate(policySet, subjects, today, membershipUnknown));
}
