/** Checks on a rendered HTML report, shared by the unit and integration tests. */
import type { HtmlData } from '../../src/core/report/html-data.js';

/** The rows blob of a rendered page, parsed and expanded as the page's script does: [user, setting, ...cells]. */
export function reportRows(html: string): string[][] {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no report-data script in the page');
  const data = JSON.parse(match[1]!) as HtmlData;
  return data.u.flatMap((u) => data.k[u[1]!]!.map((s, i) => [data.t[u[0]!]!, data.t[s]!, ...data.c[u[2 + i]!]!.map((x) => data.t[x]!)]));
}

/** Elements that do not close, outside <script> and <style> (whose content is not markup): [] for a well-formed page. */
export function unbalancedTags(html: string): string[] {
  const VOID = new Set(['meta', 'br', 'input', 'img', 'link', 'rect', 'hr']);
  const stack: string[] = [];
  const problems: string[] = [];
  const text = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, '').replace(/<!DOCTYPE[^>]*>/i, '');
  for (const m of text.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    const tag = name!.toLowerCase();
    if (VOID.has(tag) || selfClosing) continue;
    if (!closing) stack.push(tag);
    else if (stack.pop() !== tag) problems.push(`</${tag}> at ${m.index}`);
  }
  return [...problems, ...stack.map((t) => `<${t}> never closed`)];
}

/** Anything a browser would fetch: an external script, stylesheet, CSS url(), or any http(s) URL at all. */
export function networkReferences(html: string): string[] {
  return [/<script[^>]+src=/gi, /<link[^>]+href=/gi, /url\(\s*['"]?https?:/gi, /https?:\/\//gi].flatMap((re) => html.match(re) ?? []);
}
