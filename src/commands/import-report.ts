/** What `import --all` says on stdout after importing the hierarchy: the files, and the compression in one line. */
import { join } from 'node:path';
import type { Compression, HierarchyImportOutput } from '../core/import/build-hierarchy-import.js';
import type { CommandIo } from './command.js';

const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

/** The share of a per-user copy the users files hold, with enough digits to tell 0.01 % from 0. */
export function ratioText(part: number, whole: number): string {
  if (whole === 0) return '0 %';
  const value = (part / whole) * 100;
  return `${value >= 1 ? value.toFixed(1) : value.toPrecision(2)} %`;
}

/** "2,000 users: 47 per-user settings, 3 profiles, 6 groups; ..." (issue 16 item 4). */
export function compressionLine(c: Compression): string {
  const entries = c.perUserSettings + c.profileReferences;
  const held = c.profileReferences > 0 ? `${count(entries)} entries (${plural(c.perUserSettings, 'setting')}, ${plural(c.profileReferences, 'profile reference')})` : plural(c.perUserSettings, 'setting');
  return (
    `${plural(c.users, 'user')}: ${plural(c.perUserSettings, 'per-user setting')}, ${plural(c.profiles, 'profile')}, ${plural(c.groups, 'group')}; ` +
    `the users files hold ${held}, ${ratioText(entries, c.perUserCopy)} of the ${count(c.perUserCopy)} settings a per-user copy would hold`
  );
}

export function reportHierarchy(io: CommandIo, outDir: string, output: HierarchyImportOutput, schemas: number, failed: number): void {
  const c = output.compression;
  const lines = [
    `Imported ${plural(c.users, 'user')}, the account and ${plural(c.groups, 'group')} from Zoom into ${outDir}:`,
    `  ${join(outDir, 'account.yaml')}: ${plural(c.accountSettings, 'setting')}, ${plural(c.accountLocks, 'lock')}`,
    ...(c.groups > 0 ? [`  ${join(outDir, 'groups')}/: ${plural(c.groups, 'group')}, ${plural(c.groupSettings, 'setting')} that differ from the account, ${plural(c.groupLocks, 'lock')}`] : []),
    `  ${join(outDir, 'defaults.yaml')}: ${plural(c.defaultSettings, 'setting')} the account and groups cannot hold, shared by the users`,
    ...(c.profiles > 0 ? [`  ${join(outDir, 'profiles')}/: ${plural(c.profiles, 'suggested profile')} (${plural(c.profileSettings, 'setting')})`] : []),
    ...output.usersFiles.map((file, i) =>
      i === 0 ? `  ${join(outDir, file)}: ${plural(c.perUserSettings, 'per-user setting')} that the account, groups and profiles do not give` : `  ${join(outDir, file)}`,
    ),
    `  ${join(outDir, '.schema')}/: ${schemas} editor schemas`,
    compressionLine(c),
  ];
  if (c.ambiguousUsers > 0) {
    lines.push(`${plural(c.ambiguousUsers, 'user')} in several groups that disagree on a setting: their own value is written (Zoom's group priority is not in the API).`);
  }
  if (output.skipped > 0) lines.push(`Skipped ${plural(output.skipped, 'setting')} whose Zoom values the validator rejects (listed at the top of defaults.yaml).`);
  if (failed > 0) lines.push(`Not imported: ${plural(failed, 'user')} (listed on stderr).`);
  lines.push(`Next: zoom-settings validate --dir ${outDir}, then zoom-settings plan --dir ${outDir} (it should show no change).`);
  io.stdout.write(`${lines.join('\n')}\n`);
}
