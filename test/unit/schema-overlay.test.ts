/**
 * Bounds Zoom enforces but its spec omits (src/schema/overlay.ts): refused where a Zoom source states them, a
 * warning where none states the exact range (zoom-api-facts.md §9). The comparison marks are tested with the
 * comparison module (compare.test.ts).
 */
import { describe, expect, it } from '@jest/globals';
import { dump } from 'js-yaml';
import { parseYaml } from '../../src/core/desired/parse-yaml.js';
import type { Problem } from '../../src/core/desired/problems.js';
import { validateSettings } from '../../src/core/desired/validate-settings.js';
import { fieldAt } from '../../src/schema/index.js';
import { SCHEMA_OVERLAY } from '../../src/schema/overlay.js';

function problemsFor(settings: Record<string, unknown>): Array<Pick<Problem, 'path' | 'severity' | 'message'>> {
  const parsed = parseYaml(dump(settings), 'settings.yaml');
  const problems: Problem[] = [];
  validateSettings(parsed.root!, problems);
  return problems.map(({ path, severity, message }) => ({ path, severity, message }));
}

const securityLength = (length: unknown) => ({ meeting_security: { meeting_password_requirement: { length } } });
const scheduleLength = (length: unknown) => ({ schedule_meeting: { meeting_password_requirement: { length } } });
const storage = (value: unknown) => ({ profile: { recording_storage_location: { value } } });

describe('the schema overlay', () => {
  it('is in the generated schema, each entry with its source', () => {
    for (const entry of SCHEMA_OVERLAY) {
      const field = fieldAt(entry.variant, entry.path)!;
      expect(entry.source).toMatch(/Zoom/);
      if (entry.bounds || entry.advisory) expect(field.boundsSource).toBe(entry.source);
      expect(field.compareAs).toBe(entry.compareAs);
    }
  });

  it.each([
    ['meeting_security', securityLength, 'meeting_security.meeting_password_requirement.length'],
    ['schedule_meeting', scheduleLength, 'schedule_meeting.meeting_password_requirement.length'],
  ] as const)('%s passcode length: 1-10 accepted, above 10 refused citing Zoom, below 1 a warning', (_name, settings, path) => {
    expect(problemsFor(settings(8))).toEqual([]);
    expect(problemsFor(settings(10))).toEqual([]);
    expect(problemsFor(settings(50))).toEqual([
      { path, severity: 'error', message: expect.stringMatching(/^expected at most 10, found integer 50 \(Zoom Meetings API: a meeting passcode "can have a maximum of 10 characters"/) },
    ]);
    expect(problemsFor(settings(-5))).toEqual([{ path, severity: 'warning', message: expect.stringMatching(/^probably refused by Zoom: expected at least 1, found integer -5 \(no Zoom source/) }]);
  });

  it('recording_storage_location: a two-letter country code, warned about when Zoom does not list it as a region', () => {
    const path = 'profile.recording_storage_location.value';
    expect(problemsFor(storage('DE'))).toEqual([]);
    expect(problemsFor(storage('usa'))).toEqual([{ path, severity: 'error', message: expect.stringMatching(/^expected a value matching \^\[A-Z\]\{2\}\$, found string "usa" \(Users API spec: "The abbreviated country code"/) }]);
    expect(problemsFor(storage('FR'))).toEqual([{ path, severity: 'warning', message: expect.stringMatching(/^probably refused by Zoom: expected one of "US", "AU", .*KB0066478/) }]);
  });
});
