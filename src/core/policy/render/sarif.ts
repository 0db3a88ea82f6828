/**
 * `check --format sarif`: SARIF 2.1.0 for GitHub code scanning, which annotates the pull request's diff at each
 * result's file and line. A violation is placed where it is caused: the file:line:col that sets the offending value
 * (users/sales.yaml, a profile, defaults.yaml), or the requirement in the policy file when no file sets it. URIs are
 * relative to the repository root, as code scanning wants them. An excepted failure is reported with an external,
 * accepted suppression naming the exception, so the exception is visible and not an alert. Expired or too-long
 * exceptions are results of their own rules (`exception-expired`, …), placed at `expires:`.
 */
import type { SourcePosition } from '../../desired/source.js';
import type { ExceptionFindingKind, PolicyVerdict, RequirementFailure } from '../model.js';
import { exceptionText, failurePlace, type CheckContext } from './common.js';

const EXCEPTION_RULES: Record<ExceptionFindingKind, { name: string; text: string; level: 'error' | 'warning' }> = {
  expired: { name: 'ExceptionExpired', text: 'A policy exception has expired', level: 'error' },
  'too-long': { name: 'ExceptionTooLong', text: "A policy exception lasts longer than its rule's max_exception_days", level: 'error' },
  expiring: { name: 'ExceptionExpiring', text: 'A policy exception expires soon', level: 'warning' },
  unmatched: { name: 'ExceptionUnmatched', text: "A policy exception matches nothing in its rule's scope", level: 'warning' },
};

function location(pos: SourcePosition, context: CheckContext) {
  const uri = context.uriOf ? context.uriOf(pos.file) : pos.file.split('\\').join('/');
  return {
    physicalLocation: {
      artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
      region: { startLine: Math.max(1, pos.line), startColumn: Math.max(1, pos.column) },
    },
  };
}

export function renderCheckSarif(verdict: PolicyVerdict, context: CheckContext): string {
  const rules = verdict.rules.map(({ rule }) => ({
    id: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description ?? rule.title },
    defaultConfiguration: { level: rule.severity },
    ...(rule.reference ? { properties: { tags: ['zoom-settings-policy', rule.reference] } } : { properties: { tags: ['zoom-settings-policy'] } }),
  }));
  const exceptionKinds = Object.keys(EXCEPTION_RULES) as ExceptionFindingKind[];
  const driverRules = [
    ...rules,
    ...exceptionKinds.map((kind) => ({ id: `exception-${kind}`, name: EXCEPTION_RULES[kind].name, shortDescription: { text: EXCEPTION_RULES[kind].text }, defaultConfiguration: { level: EXCEPTION_RULES[kind].level } })),
  ];
  const results: unknown[] = [];
  const failureResult = (ruleIndex: number, subject: string, failure: RequirementFailure, extra: Record<string, unknown> = {}) => ({
    ruleId: driverRules[ruleIndex]!.id,
    ruleIndex,
    level: verdict.rules[ruleIndex]!.rule.severity,
    message: { text: `${subject}: ${failure.message}` },
    locations: [location(failurePlace(failure), context)],
    ...(failure.source ? { relatedLocations: [{ id: 1, message: { text: 'the requirement' }, ...location(failure.requirementPos, context) }] } : {}),
    partialFingerprints: { 'zoomSettingsSubject/v1': `${driverRules[ruleIndex]!.id}|${subject}|${failure.setting}` },
    ...extra,
  });
  verdict.rules.forEach((result, ruleIndex) => {
    for (const s of result.subjects) {
      if (s.status === 'fail') {
        for (const f of s.failures) results.push(failureResult(ruleIndex, s.subject.id, f));
      } else if (s.status === 'excepted') {
        const suppression = { kind: 'external', status: 'accepted', justification: exceptionText(s.exception) };
        for (const f of s.failures) results.push(failureResult(ruleIndex, s.subject.id, f, { suppressions: [suppression] }));
      }
    }
  });
  for (const finding of verdict.exceptionFindings) {
    const ruleIndex = rules.length + exceptionKinds.indexOf(finding.kind);
    results.push({
      ruleId: `exception-${finding.kind}`,
      ruleIndex,
      level: finding.severity,
      message: { text: finding.message },
      locations: [location(finding.pos, context)],
      partialFingerprints: { 'zoomSettingsException/v1': `${finding.kind}|${finding.exception.name}` },
    });
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'zoom-settings', version: context.version, rules: driverRules } },
        automationDetails: { id: `zoom-settings-check/${context.mode}/` },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
