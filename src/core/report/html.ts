/**
 * The compliance report as ONE self-contained HTML file (issue 17, item 5): no network at all (no external script,
 * style, font or image; a Content-Security-Policy that forbids loading any), a summary per rule with the share of
 * users compliant as an inline SVG bar, the exceptions by expiry date, and every row in a filterable, sortable,
 * paged table. Every server-side string is HTML-escaped; the rows travel as script-safe JSON (html-data.ts).
 */
import { htmlData, scriptSafeJson } from './html-data.js';
import { REPORT_SCRIPT } from './html-script.js';
import type { ComplianceReport, ExceptionEntry, RuleSummary } from './model.js';
import { escapeControl } from '../safe-text.js';

export function escapeHtml(text: string): string {
  return escapeControl(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1d1d1f}h1{font-size:1.5em}table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}th{cursor:pointer;background:#f4f4f6;user-select:none}
tr.fail td{background:#fff1f0}.meta{color:#555}.sev-error{color:#b3261e;font-weight:600}.sev-warning{color:#8a5a00}
.st-expired{color:#b3261e;font-weight:600}.st-expiring{color:#8a5a00;font-weight:600}.st-unmatched{color:#555}small{color:#555}`;

/** The share compliant (passing or excepted) among the users a rule judged, as a stacked bar: pass, excepted, fail. */
function bar(rule: RuleSummary): { svg: string; share: number } {
  const judged = rule.pass + rule.fail + rule.excepted;
  const share = judged === 0 ? 100 : ((rule.pass + rule.excepted) * 100) / judged;
  const width = (n: number): number => (judged === 0 ? 0 : Math.round((n * 1200) / judged) / 10);
  const pass = width(rule.pass);
  const excepted = width(rule.excepted);
  const label = `${share.toFixed(1)}% compliant`;
  const svg =
    `<svg width="120" height="12" viewBox="0 0 120 12" role="img" aria-label="${label}"><rect width="120" height="12" fill="#e57368"/>` +
    `<rect width="${pass}" height="12" fill="#2e7d32"/><rect x="${pass}" width="${excepted}" height="12" fill="#f0b429"/></svg>`;
  return { svg, share };
}

function ruleRow(rule: RuleSummary): string {
  const { svg, share } = bar(rule);
  return (
    `<tr><td>${escapeHtml(rule.id)}<br><small>${escapeHtml(rule.title)}</small></td><td class="sev-${rule.severity}">${rule.severity}</td>` +
    `<td>${escapeHtml(rule.reference ?? '')}</td><td data-sort="${share.toFixed(2)}">${svg} ${share.toFixed(1)}%</td>` +
    `<td>${rule.pass}</td><td>${rule.fail}</td><td>${rule.excepted}</td><td>${rule.notApplicable}</td></tr>`
  );
}

function exceptionRow(e: ExceptionEntry): string {
  const cells = [e.expires, e.state, e.name, e.rule, e.covers, e.owner, e.reason, e.ticket ?? ''].map(escapeHtml);
  return `<tr><td>${cells[0]}</td><td class="st-${e.state}">${cells[1]}</td>${cells.slice(2).map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

const ROW_COLUMNS = ['User', 'Setting', 'Live value', 'Read', 'Comes from', 'Group', 'Locked', 'Locked by', 'Rules', 'Failing', 'Exceptions'];

export function renderHtml(report: ComplianceReport): string {
  return renderHtmlPage(report).text;
}

/** The page, and how many rows it holds (the rows are made once, while the page is made). */
export function renderHtmlPage(report: ComplianceReport): { text: string; rows: number } {
  const { header } = report;
  const data = htmlData(report.rows);
  const rules = report.rules.length > 0
    ? `<table class="sortable"><thead><tr><th>Rule</th><th>Severity</th><th>Reference</th><th data-type="num">Users compliant</th><th data-type="num">Pass</th><th data-type="num">Fail</th><th data-type="num">Excepted</th><th data-type="num">Not applicable</th></tr></thead><tbody>${report.rules.map(ruleRow).join('')}</tbody></table>`
    : '<p>No rules (policies/*.yaml) in the desired state.</p>';
  const byExpiry = [...report.exceptions].sort((a, b) => a.expires.localeCompare(b.expires) || a.name.localeCompare(b.name));
  const exceptions = byExpiry.length > 0
    ? `<table class="sortable"><thead><tr><th>Expires</th><th>State</th><th>Exception</th><th>Rule</th><th>Covers</th><th>Owner</th><th>Reason</th><th>Ticket</th></tr></thead><tbody>${byExpiry.map(exceptionRow).join('')}</tbody></table>`
    : '<p>No exceptions.</p>';
  const notes = header.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  const text = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Zoom settings compliance: ${escapeHtml(header.account)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    '<h1>Zoom settings compliance</h1>',
    `<p class="meta">Account ${escapeHtml(header.account)} · desired state ${escapeHtml(header.dir)} · ${header.users} users · ${data.rows} rows · generated ${escapeHtml(header.generatedAt)}</p>`,
    notes ? `<ul>${notes}</ul>` : '',
    `<h2>Rules</h2>${rules}`,
    `<h2>Exceptions, by expiry date</h2>${exceptions}`,
    '<h2>Users and settings</h2>',
    '<p><input id="filter" type="search" placeholder="filter: user, setting, value, rule…" size="40"> <select id="only"><option value="">all rows</option><option value="fail">failing rows only</option></select> <span id="count"></span></p>',
    `<table id="rows"><thead><tr>${ROW_COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody></tbody></table>`,
    '<p><button id="prev" type="button">previous</button> <span id="page"></span> <button id="next" type="button">next</button></p>',
    '<noscript><p>The table of users and settings needs JavaScript; the CSV and JSON formats hold the same rows.</p></noscript>',
    `<script type="application/json" id="report-data">${scriptSafeJson(data)}</script>`,
    `<script>${REPORT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
  return { text, rows: data.rows };
}
