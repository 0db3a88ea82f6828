/**
 * The compliance report's renderers: CSV quoting and formula neutralisation, and an HTML page that loads nothing
 * and that hostile text from Zoom (a group named like markup, a value that closes the script) cannot inject into.
 */
import { describe, expect, it } from '@jest/globals';
import { csvField, csvHeader, csvRow } from '../../src/core/report/csv.js';
import { renderHtml } from '../../src/core/report/html.js';
import { networkReferences, reportRows, unbalancedTags } from '../helpers/html.js';
import type { ComplianceReport, ReportRow } from '../../src/core/report/model.js';

const HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)>';

function row(user: string, setting: string, value: unknown, extra: Partial<ReportRow> = {}): ReportRow {
  return { user, setting, value, status: 'ok', source: 'account', lock: 'none', rules: [], ...extra };
}

function report(rows: ReportRow[]): ComplianceReport {
  return {
    header: { generatedAt: '2026-11-30T04:00:00.000Z', account: 'acct', dir: 'desired-state', users: new Set(rows.map((r) => r.user)).size, notes: [] },
    rows,
    rules: [{ id: 'waiting-room-on', title: `Waiting room ${HOSTILE}`, severity: 'error', reference: 'CIS Zoom 1.1.1.2', pass: 3, fail: 1, excepted: 0, notApplicable: 0 }],
    exceptions: [
      { name: 'late', rule: 'waiting-room-on', covers: 'users: kiosk@example.com', owner: 'secops@example.com', reason: HOSTILE, expires: '2027-03-01', state: 'active' },
      { name: 'soon', rule: 'waiting-room-on', covers: 'groups: Lobby', owner: 'it@example.com', reason: 'lobby screens', expires: '2026-12-05', state: 'expiring' },
    ],
  };
}

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, and neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    for (const formula of ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tx']) expect(csvField(formula).replace(/^"/, '')).toMatch(/^'/);
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
  });

  it('writes one line per row with the columns the header names', () => {
    const text = csvHeader() + csvRow(row('a@example.com', 'in_meeting.chat', '=cmd|/c calc', { source: 'group', sourceGroup: 'Sales, EMEA', rules: [{ rule: 'r1', status: 'fail' }] }));
    const [head, line] = text.split('\r\n');
    expect(head).toBe('user,setting,value,read,source,source_group,locked,locked_by,rules,failing_rules,exceptions');
    expect(line).toBe(`a@example.com,in_meeting.chat,'=cmd|/c calc,ok,group,"Sales, EMEA",none,,r1: fail,1,`);
  });
});

describe('HTML', () => {
  const rows = [
    row('alice@example.com', 'in_meeting.chat', HOSTILE, { source: 'group', sourceGroup: HOSTILE, lock: 'group', lockHolder: HOSTILE }),
    row('alice@example.com', 'meeting_security.waiting_room', true, { rules: [{ rule: 'waiting-room-on', status: 'pass' }] }),
    row('bob@example.com', 'in_meeting.chat', false),
    row('bob@example.com', 'meeting_security.waiting_room', false, { rules: [{ rule: 'waiting-room-on', status: 'fail' }] }),
  ];
  const html = renderHtml(report(rows));

  it('loads nothing from anywhere: no external script, stylesheet, font, image or URL', () => {
    expect(networkReferences(html)).toEqual([]);
    expect(html).not.toMatch(/url\(/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
  });

  it('escapes hostile text everywhere: exactly the two scripts of the page, no injected element', () => {
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('</script><script>alert');
    expect(html).toContain('Waiting room &#60;/script&#62;&#60;script&#62;alert(1)');
    expect(unbalancedTags(html)).toEqual([]);
  });

  it('carries every row in the data blob, intact, hostile text included', () => {
    const expanded = reportRows(html);
    expect(expanded).toHaveLength(rows.length);
    expect(expanded[0]).toEqual(['alice@example.com', 'in_meeting.chat', HOSTILE, 'ok', 'group', HOSTILE, 'group', HOSTILE, '', '0', '']);
    expect(expanded[3]?.slice(8)).toEqual(['waiting-room-on: fail', '1', '']);
  });

  it('summarises each rule with the share compliant as an SVG bar, and lists exceptions by expiry date', () => {
    expect(html).toContain('aria-label="75.0% compliant"');
    expect(html.indexOf('2026-12-05')).toBeLessThan(html.indexOf('2027-03-01'));
    expect(html).toContain('class="st-expiring">expiring');
  });
});
