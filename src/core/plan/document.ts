/**
 * The plan file: one JSON document laid out one target per line, so it can be written and read as a stream
 * (flat memory at 100,000 users) and still parsed whole by any JSON tool. The entries keep the array name
 * `users` (most are); the account and groups come first:
 *   {"format_version":2,...,"users":[
 *   {"target":{"kind":"group","id":"g1"},"user":"group Sales",...},
 *   {"target":{"kind":"user","id":"a@x.com"},"user":"a@x.com",...}
 *   ],"summary":{...},"cost":{...},"checksum":"sha256:..."}
 * The checksum covers every byte before `,"checksum"`, so a hand edit anywhere is detected.
 */
import { PLAN_FORMAT_VERSION, PLAN_KIND, type PlanCost, type PlanHeader, type PlanSummary, type UserPlan } from './types.js';

export function headerLine(header: PlanHeader): string {
  const json = JSON.stringify(header);
  return `${json.slice(0, -1)},"users":[\n`;
}

export function userLine(user: UserPlan, first: boolean): string {
  return `${first ? '' : ',\n'}${JSON.stringify(user)}`;
}

/** Everything after the last user, up to (not including) the checksum. */
export function trailerBody(summary: PlanSummary, cost: PlanCost, hadUsers: boolean): string {
  return `${hadUsers ? '\n' : ''}],"summary":${JSON.stringify(summary)},"cost":${JSON.stringify(cost)}`;
}

export function checksumSuffix(checksum: string): string {
  return `,"checksum":${JSON.stringify(checksum)}}\n`;
}

/** Checks the header of a parsed plan: kind and format version. */
export function checkHeader(header: Partial<PlanHeader>): { ok: false; reason: string } | { ok: true } {
  if (header.kind !== PLAN_KIND) return { ok: false, reason: `it is not a zoom-settings plan (kind ${JSON.stringify(header.kind)})` };
  if (header.format_version === 1) {
    // Format 1 entries were keyed by a user string; format 2 keys every entry by its target (account, group, user).
    return { ok: false, reason: 'this plan was made by an older zoom-settings (format 1); run plan again' };
  }
  if (header.format_version !== PLAN_FORMAT_VERSION) {
    return { ok: false, reason: `it has format_version ${String(header.format_version)}; this zoom-settings reads format_version ${PLAN_FORMAT_VERSION}: re-run plan` };
  }
  return { ok: true };
}
