/** The benchmark result as a table for people (stdout); the JSON file holds everything. */
import type { BenchResult, PlanOnlySizeResult, SizeResult } from './benchmark.js';
import type { RunFigures } from './figures.js';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i < 2 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

const n = (value: number): string => value.toLocaleString('en');
const fixed = (value: number, digits: number): string => value.toFixed(digits);

type AnySize = SizeResult | PlanOnlySizeResult;

function runRow(size: AnySize, run: RunFigures): string[] {
  return [
    n(size.users),
    run.command,
    `${n(run.requests)} / ${n(run.minimum)}`,
    fixed(run.idealSeconds, 1),
    fixed(run.wallSeconds, 1),
    fixed(run.utilisation, 3),
    n(run.tooManyRequests),
    `${n(run.maxRequestsInOneSecond)} / ${n(size.rate)}`,
    fixed(run.cpuMsPerUser, 3),
    fixed(run.peakRssMiB, 0),
  ];
}

function validateRow(size: AnySize): string[] {
  const v = size.validate;
  return [n(size.users), 'validate', '', '', fixed(v.wallSeconds, 2), '', '', '', fixed(v.cpuMs / size.users, 3), fixed(v.peakRssMiB, 0)];
}

export function renderTable(result: BenchResult<AnySize>): string {
  const header = ['users', 'run', 'requests / min', 'ideal s', 'wall s', 'util', '429s', 'max 1 s / R', 'CPU ms/user', 'peak RSS MiB'];
  const rows: string[][] = [];
  for (const size of result.sizes) {
    rows.push(validateRow(size), runRow(size, size.plan));
    if (size.apply === null) continue;
    rows.push(runRow(size, size.apply));
    const t = size.total;
    rows.push([n(size.users), 'total', `${n(t.requests)} / ${n(t.minimum)}`, fixed(t.idealSeconds, 1), fixed(t.wallSeconds, 1), fixed(t.utilisation, 3), n(t.tooManyRequests), '', '', '']);
  }
  const o = result.options;
  const lines = [
    `zoom-settings benchmark: ${o.shape} shape, R = ${o.rate} MEDIUM requests/s, latency ${o.latency.minMs}-${o.latency.maxMs} ms, ${o.changedShare * 100}% of active users changed, seed ${o.seed}` +
      (o.burners > 0 ? `, ${o.burners} CPU burner${o.burners === 1 ? '' : 's'} running` : ''),
    `machine: ${result.machine.nproc} cores (${result.machine.cpuModel}), ${result.machine.totalMemGiB} GiB, node ${result.machine.node}; CLI ${o.cli}`,
    '',
    table(header, rows),
    '',
  ];
  for (const size of result.sizes) {
    const p = size.patchBytes;
    const last = size.apply ?? size.plan;
    lines.push(
      `N=${n(size.users)}: ${n(size.desiredFiles)} users files, ${n(size.desiredBytes)} B of desired state; ` +
        `${n(size.scenario.changed)} changed of ${n(size.scenario.active)} active (${n(size.scenario.pending)} pending); ` +
        (p ? `PATCH bodies ${n(p.sent)} B vs full desired settings ${n(p.fullDesired)} B (${fixed(p.ratio * 100, 1)}%); ` : '') +
        `simulator peak RSS ${fixed(last.simulator.peakRssMiB, 0)} MiB, event loop late ≤ ${n(last.simulator.eventLoopDelayMs.max)} ms; ` +
        `load average ${size.validate.loadavg.slice(0, 3).join(' ')} → ${last.loadavg.slice(3).join(' ')}`,
    );
    if (size.floor) {
      lines.push(`  CPU floor of this machine: a bare node:http client spends ${fixed(size.floor.cpuMsPerRequest, 3)} ms per GET at R = ${n(size.rate)} (${n(size.floor.requests)} GETs)`);
    }
    const failed = size.checks.filter((c) => !c.ok);
    lines.push(failed.length === 0 ? `  checks: all ${size.checks.length} passed` : `  checks FAILED: ${failed.map((c) => `${c.name} (${c.detail})`).join('; ')}`);
  }
  if (result.rssGrowth) {
    const sizes = result.sizes.map((s) => s.users).sort((a, b) => a - b);
    const g = result.rssGrowth;
    lines.push(`peak RSS at N=${n(sizes[sizes.length - 1]!)} vs N=${n(sizes[0]!)}: validate ×${g.validate}, plan ×${g.plan}${g.apply === null ? '' : `, apply ×${g.apply}`}`);
  }
  return `${lines.join('\n')}\n`;
}
