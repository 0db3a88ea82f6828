/**
 * The HTML report's inline script, run against a minimal stand-in for the browser's document: it expands the
 * compact rows, shows 100 per page, filters, sorts by a column, and writes text only through textContent.
 */
import { describe, expect, it } from '@jest/globals';
import { runInNewContext } from 'node:vm';
import { htmlData, scriptSafeJson } from '../../src/core/report/html-data.js';
import { REPORT_SCRIPT } from '../../src/core/report/html-script.js';
import type { ReportRow } from '../../src/core/report/model.js';

type Listener = () => void;
class FakeElement {
  children: FakeElement[] = [];
  listeners = new Map<string, Listener>();
  className = '';
  value = '';
  private text = '';
  constructor(readonly tag: string) {}
  get textContent(): string {
    return this.text + this.children.map((c) => c.textContent).join('');
  }
  set textContent(value: string) {
    this.text = value;
    this.children = [];
  }
  appendChild(child: FakeElement): void {
    this.children.push(child);
  }
  addEventListener(event: string, listener: Listener): void {
    this.listeners.set(event, listener);
  }
  fire(event: string): void {
    this.listeners.get(event)!();
  }
}

function page(rows: ReportRow[]) {
  const elements = new Map(['report-data', 'filter', 'only', 'count', 'page', 'prev', 'next'].map((id) => [id, new FakeElement(id)]));
  elements.get('report-data')!.textContent = scriptSafeJson(htmlData(rows));
  const body = new FakeElement('tbody');
  const headers = Array.from({ length: 11 }, () => new FakeElement('th'));
  const document = {
    getElementById: (id: string) => elements.get(id),
    querySelector: (selector: string) => (selector === '#rows tbody' ? body : undefined),
    querySelectorAll: (selector: string) => (selector === '#rows th' ? headers : []),
    createElement: (tag: string) => new FakeElement(tag),
  };
  runInNewContext(REPORT_SCRIPT, { document, Int32Array });
  const shown = () => body.children.map((tr) => tr.children.map((td) => td.textContent));
  return { elements, headers, shown, count: () => elements.get('count')!.textContent };
}

const rows: ReportRow[] = Array.from({ length: 250 }, (_, i) => ({
  user: `user${String(i).padStart(3, '0')}@example.com`,
  setting: 'in_meeting.chat',
  value: i % 5 === 0 ? '<b>bold</b>' : i % 2 === 0,
  status: 'ok',
  source: 'account',
  lock: 'none',
  rules: [{ rule: 'chat-off', status: i % 2 === 0 ? 'fail' : 'pass' }],
}));

describe('the HTML report script', () => {
  it('shows the first 100 of 250 rows, each cell as text', () => {
    const p = page(rows);
    expect(p.count()).toBe('250 of 250 rows');
    expect(p.shown()).toHaveLength(100);
    expect(p.shown()[0]).toEqual(['user000@example.com', 'in_meeting.chat', '<b>bold</b>', 'ok', 'account', '', 'none', '', 'chat-off: fail', '1', '']);
  });

  it('filters by words and by failing rows, pages, and sorts by a column both ways', () => {
    const p = page(rows);
    p.elements.get('filter')!.value = 'user01';
    p.elements.get('filter')!.fire('input');
    expect(p.count()).toBe('10 of 250 rows');
    p.elements.get('filter')!.value = '';
    p.elements.get('only')!.value = 'fail';
    p.elements.get('only')!.fire('change');
    expect(p.count()).toBe('125 of 250 rows');
    p.elements.get('next')!.fire('click');
    expect(p.elements.get('page')!.textContent).toBe('page 2 of 2');
    p.headers[0]!.fire('click');
    p.headers[0]!.fire('click');
    expect(p.shown()[0]![0]).toBe('user248@example.com');
  });
});
