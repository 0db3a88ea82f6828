/**
 * What an import reads and writes (`--include SECTIONS`). By default every section of the default variant except
 * `feature`, plus meeting_security and the two authentication blocks. `feature.*` assigns licences and
 * `schedule_meeting.personal_meeting: false` invalidates PMI meetings (zoom-api-facts.md §4.3), so high-impact
 * settings are imported only when `feature` is named, and then with `allow_high_impact: true` beside them.
 */
import { VARIANTS, type Variant } from '../../schema/index.js';
import { UsageError } from '../errors.js';
import { suggestion } from '../desired/problems.js';
import { SETTINGS_SECTIONS, sectionVariant } from '../desired/validate-settings.js';

/** The section whose inclusion opts in to every high-impact setting. */
export const HIGH_IMPACT_SECTION = 'feature';
export const DEFAULT_INCLUDE: readonly string[] = SETTINGS_SECTIONS.filter((s) => s !== HIGH_IMPACT_SECTION);
/** Words `--include` accepts besides section names. */
const GROUPS = new Map<string, readonly string[]>([
  ['default', DEFAULT_INCLUDE],
  ['all', SETTINGS_SECTIONS],
]);

export interface ImportScope {
  sections: ReadonlySet<string>;
  highImpact: boolean;
  /** The variants to read, in Zoom's order: one GET each per user (MEDIUM requests, zoom-api-facts.md §5). */
  variants: Variant[];
}

export function importScope(include?: readonly string[]): ImportScope {
  const sections = new Set<string>();
  for (const name of include ?? ['default']) {
    const group = GROUPS.get(name);
    if (group) {
      for (const section of group) sections.add(section);
      continue;
    }
    if (!SETTINGS_SECTIONS.includes(name)) {
      const words = [...GROUPS.keys(), ...SETTINGS_SECTIONS];
      throw new UsageError(`--include: unknown section "${name}"${suggestion(name, words)}; expected ${SETTINGS_SECTIONS.join(', ')}, default or all`, 'import');
    }
    sections.add(name);
  }
  if (sections.size === 0) throw new UsageError('--include: name at least one section', 'import');
  const used = new Set([...sections].map(sectionVariant));
  return { sections, highImpact: sections.has(HIGH_IMPACT_SECTION), variants: VARIANTS.filter((v) => used.has(v)) };
}
