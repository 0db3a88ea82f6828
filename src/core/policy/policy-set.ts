/**
 * Policy and exception files → one PolicySet, with every problem at file:line:col: each file's own shape
 * (parse-rules.ts, parse-exceptions.ts), then what crosses files: a rule id defined twice, an exception naming a
 * rule or a profile that does not exist.
 */
import { fileKind } from '../desired/documents.js';
import { parseYaml } from '../desired/parse-yaml.js';
import { problemAt, suggestion, type Problem } from '../desired/problems.js';
import { formatPosition } from '../desired/source.js';
import type { PolicySet } from './model.js';
import { parseExceptions } from './parse-exceptions.js';
import { parseRules } from './parse-rules.js';

export type PolicyFileKind = 'policy' | 'exception';

/** Which policy kind a path (relative to the desired-state directory) holds, if any. */
export function policyFileKind(relPath: string): PolicyFileKind | undefined {
  const kind = fileKind(relPath);
  return kind === 'policy' || kind === 'exception' ? kind : undefined;
}

export interface PolicyFile {
  /** Path shown to people (the --dir argument joined with relPath). */
  path: string;
  relPath: string;
  text: string;
}

export interface PolicyContext {
  /** The desired state's profile names: an exception or scope naming another is an error. */
  profiles?: ReadonlySet<string>;
}

export interface ParsedPolicies {
  policySet: PolicySet;
  problems: Problem[];
}

export function parsePolicies(files: readonly PolicyFile[], context: PolicyContext = {}): ParsedPolicies {
  const problems: Problem[] = [];
  const policySet: PolicySet = { rules: [], exceptions: [] };
  const sorted = [...files].sort((a, b) => a.relPath.localeCompare(b.relPath));
  for (const file of sorted) {
    const kind = policyFileKind(file.relPath);
    if (!kind) continue;
    const parsed = parseYaml(file.text, file.path);
    problems.push(...parsed.problems);
    if (parsed.problems.some((p) => p.severity === 'error')) continue;
    if (kind === 'policy') policySet.rules.push(...parseRules(parsed.root, file.path, problems));
    else policySet.exceptions.push(...parseExceptions(parsed.root, file.relPath, problems));
  }
  problems.push(...crossFileProblems(policySet, context));
  return { policySet, problems };
}

function crossFileProblems(set: PolicySet, context: PolicyContext): Problem[] {
  const problems: Problem[] = [];
  const firstById = new Map<string, (typeof set.rules)[number]>();
  for (const rule of [...set.rules]) {
    const first = firstById.get(rule.id);
    if (first) {
      problems.push(problemAt(rule.pos, `rules.${rule.id}`, `the rule id "${rule.id}" is already defined at ${formatPosition(first.pos)}; rule ids are unique`));
      set.rules.splice(set.rules.indexOf(rule), 1);
    } else firstById.set(rule.id, rule);
  }
  const knownProfiles = context.profiles;
  const unknownProfile = (name: string): string =>
    `unknown profile "${name}"${suggestion(name, knownProfiles ?? [])}${knownProfiles && knownProfiles.size > 0 ? ` (known profiles: ${[...knownProfiles].sort().join(', ')})` : ''}`;
  if (knownProfiles) {
    for (const rule of set.rules) {
      if (rule.scope.kind !== 'users') continue;
      for (const name of rule.scope.profiles) if (!knownProfiles.has(name)) problems.push(problemAt(rule.pos, `rules.${rule.id}.scope.profiles`, unknownProfile(name)));
    }
  }
  for (const exception of [...set.exceptions]) {
    const before = problems.length;
    if (!firstById.has(exception.rule)) {
      problems.push(problemAt(exception.pos, 'rule', `no rule "${exception.rule}"${suggestion(exception.rule, firstById.keys())} in policies/; an exception names the id of a rule`));
    }
    if (knownProfiles) {
      for (const profile of exception.selectors.profiles) if (!knownProfiles.has(profile.name)) problems.push(problemAt(profile.pos, 'profiles', unknownProfile(profile.name)));
    }
    if (problems.length > before) set.exceptions.splice(set.exceptions.indexOf(exception), 1);
  }
  return problems;
}
