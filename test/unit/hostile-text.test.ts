/**
 * Hostile text in every text output: control characters (ANSI escapes, newlines, NUL, bidi overrides) from keys,
 * values, file names or a server's words are escaped, so nothing colours the terminal or forges a line; raw HTML
 * reaches the Markdown comment only as text; NUL and bidi overrides in string settings are refused with
 * file:line:col.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { emptyLedger, record, renderLedger } from '../../src/core/apply/ledger.js';
import { buildDesiredState } from '../../src/core/desired/documents.js';
import { formatProblem } from '../../src/core/desired/problems.js';
import type { Plan, UserPlan } from '../../src/core/plan/types.js';
import { markdownRenderer } from '../../src/core/render/markdown.js';
import { renderPlan } from '../../src/core/render/renderer.js';
import { textRenderer } from '../../src/core/render/text.js';

const ESC = '\u001b';
const RLO = '\u202e';
const base = JSON.parse(readFileSync('test/fixtures/golden/plan-value.json', 'utf8')) as Plan;

const HOSTILE_PATH = `meeting_authentication.profiles.</summary></details><img src=x onerror=alert(1)>|${ESC}[31m.visible`;
const hostileUsers: UserPlan[] = [
  {
    target: { kind: 'user', id: 'mallory_x@example.com' },
    user: 'mallory_x@example.com',
    variants: ['meeting_authentication'],
    status: 'change',
    changes: [
      {
        variant: 'meeting_authentication',
        path: HOSTILE_PATH,
        locator: ['authentication_options', 'x', 'visible'],
        before: `</details>\`\`\` | <script>alert(1)</script>\n+ forged line`,
        after: `ok${RLO}gnp.exe${ESC}]0;title\u0007`,
        source: { file: 'ds/users/a|b<i>.yaml\nforged: 1', line: 3, column: 5 },
      },
    ],
    requests: [{ method: 'PATCH', path: '/users/x/settings', option: 'meeting_authentication', body: {} }],
  },
  { target: { kind: 'user', id: 'eve@example.com' }, user: 'eve@example.com', variants: ['default'], status: 'error', changes: [], requests: [], error: `Zoom said <script>x</script>\n! forged@example.com: failed ${ESC}[2J` },
];
const plan: Plan = { ...base, users: hostileUsers, summary: { ...base.summary, users: 2, byStatus: { ...base.summary.byStatus, change: 1, error: 1 } } };

/** The text with every code span (a run of N backticks up to the next run of exactly N) removed. */
function withoutCodeSpans(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      out += text[i++];
      continue;
    }
    const fence = /^`+/.exec(text.slice(i))![0];
    const close = new RegExp(`(?<!\`)${fence}(?!\`)`, 'g');
    close.lastIndex = i + fence.length;
    const end = close.exec(text);
    if (!end) return out + text.slice(i);
    i = end.index + fence.length;
  }
  return out;
}

function visibleControls(text: string): string[] {
  return [...text.matchAll(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g)].map((m) => `U+${m[0].codePointAt(0)!.toString(16)}`);
}

describe('text outputs', () => {
  it('the text plan: no escape sequence, no forged line', () => {
    const text = renderPlan(textRenderer({ color: false }), plan);
    expect(visibleControls(text)).toEqual([]);
    expect(text).not.toMatch(/^\+ forged/m);
    expect(text).not.toMatch(/^! forged/m);
    expect(text).toContain('\\u{1b}[31m');
    expect(text).toContain('\\u{202e}');
  });

  it('the ledger: users and details one line each', () => {
    const ledger = emptyLedger('r1');
    record(ledger, { user: 'x@example.com', result: 'failed', detail: `HTTP 400: Invalid field\nfailed:\n  y@example.com ${ESC}[1m` });
    const text = renderLedger(ledger, 'apply');
    expect(visibleControls(text)).toEqual([]);
    expect(text.split('\n').filter((line) => line.startsWith('failed:'))).toHaveLength(1);
  });

  it('a validation problem about a key with a newline stays one line', () => {
    const line = formatProblem({ severity: 'error', file: 'ds/users/a.yaml', line: 2, column: 1, path: `a\nds/users/b.yaml:1:1 fake`, message: `not a user ${ESC}[0m` });
    expect(line.split('\n')).toHaveLength(1);
    expect(visibleControls(line)).toEqual([]);
  });
});

describe('the Markdown comment', () => {
  const markdown = renderPlan(markdownRenderer({ artifactHint: 'the plan.json artifact', marker: '<!-- zoom-settings-plan -->' }), plan);

  it('holds no raw HTML but its own (a code span shows its text as it is)', () => {
    expect(withoutCodeSpans(markdown)).not.toMatch(/<img|<script|<i>|<\/?details>[^\n]*<\/?details>/);
    // Its own structure only: one collapsible section for the one changed user.
    const structure = withoutCodeSpans(markdown);
    expect(structure.match(/<\/details>/g)).toHaveLength(1);
    expect(structure.match(/<\/summary>/g)).toHaveLength(1);
    expect(visibleControls(markdown)).toEqual([]);
  });

  it('every table row has its header\'s number of cells; code spans survive backticks', () => {
    for (const table of markdown.split('\n\n').filter((block) => block.startsWith('|'))) {
      const rows = table.split('\n').map((row) => row.replace(/\\\|/g, '').split('|').length);
      expect(new Set(rows).size).toBe(1);
    }
    expect(markdown).toContain('````');
  });

  it('list items escape Markdown and HTML', () => {
    expect(markdown).toContain('- eve@example.com: Zoom said &lt;script&gt;x&lt;/script&gt; ! forged@example.com: failed \\\\u{1b}\\[2J');
  });
});

describe('validation refuses NUL and bidi overrides in string settings', () => {
  it.each([
    ['NUL', 'in_meeting:\\n      custom_service_instructions: "see\\u0000you"', 'a NUL character (U+0000) at position 4'],
    ['a right-to-left override', 'in_meeting:\\n      custom_service_instructions: "abc\\u202Etxt.exe"', 'a bidirectional control character (U+202E) at position 4'],
    ['an isolate in an authentication profile domain', 'meeting_authentication:\\n      profiles:\\n        Signed-in:\\n          domains: "a.com\\u2066"', 'a bidirectional control character (U+2066) at position 6'],
  ])('%s', (_what, settings, message) => {
    const text = `a@example.com:\n  settings:\n    ${settings.replace(/\\n/g, '\n')}\n`;
    const built = buildDesiredState([{ path: 'ds/users/a.yaml', relPath: 'users/a.yaml', text }]);
    const errors = built.problems.filter((p) => p.severity === 'error').map(formatProblem);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^ds\/users\/a\.yaml:\d+:\d+ \S+: contains /);
    expect(errors[0]).toContain(message);
  });
});
