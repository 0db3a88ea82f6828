/**
 * Reads a plan file written by `plan --out` (layout in core/plan/document.ts) as a stream, after checking it:
 * the checksum (a hand edit anywhere, or a truncated file, is refused), the kind and the format version.
 * Users are read lazily, so applying a plan of 100,000 users keeps memory flat.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { checkHeader } from '../core/plan/document.js';
import { InputError } from '../core/errors.js';
import type { PlanCost, PlanHeader, PlanSummary, UserPlan } from '../core/plan/types.js';

const USERS_OPEN = ',"users":[';
const CHECKSUM = /,"checksum":"(sha256:[0-9a-f]{64})"\}$/;

export interface PlanFile {
  path: string;
  header: PlanHeader;
  summary: PlanSummary;
  cost: PlanCost;
  checksum: string;
  users(): AsyncGenerator<UserPlan>;
}

function lines(path: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
}

function refuse(path: string, reason: string): never {
  throw new InputError(`refusing the plan file ${path}: ${reason}`);
}

function parseJson(path: string, text: string, what: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return refuse(path, `its ${what} is not valid JSON (edited by hand or truncated?)`);
  }
}

export async function openPlanFile(path: string): Promise<PlanFile> {
  await access(path).catch(() => refuse(path, 'it does not exist'));
  const hash = createHash('sha256');
  let first: string | undefined;
  let previous: string | undefined;
  let count = 0;
  try {
    for await (const line of lines(path)) {
      if (previous !== undefined) hash.update(`${previous}\n`);
      if (first === undefined) first = line;
      previous = line;
      count += 1;
    }
  } catch (error) {
    refuse(path, `it could not be read (${(error as Error).message})`);
  }
  if (first === undefined || previous === undefined) return refuse(path, 'it is empty');
  const last = previous;
  const match = CHECKSUM.exec(last);
  if (!match || count < 2) return refuse(path, 'it has no checksum at its end: it is truncated, or was not written by `zoom-settings plan --out`');
  hash.update(last.slice(0, match.index));
  if (`sha256:${hash.digest('hex')}` !== match[1]) return refuse(path, 'its checksum does not match its content: it was edited after `zoom-settings plan` wrote it; re-run plan');
  if (!first.endsWith(USERS_OPEN)) return refuse(path, 'its first line is not a plan header');
  const header = parseJson(path, `${first.slice(0, -USERS_OPEN.length)}}`, 'header') as unknown as PlanHeader;
  const headerCheck = checkHeader(header);
  if (!headerCheck.ok) return refuse(path, headerCheck.reason);
  const trailer = parseJson(path, `{"users":[${last}`, 'summary');
  return {
    path,
    header,
    summary: trailer.summary as PlanSummary,
    cost: trailer.cost as PlanCost,
    checksum: match[1]!,
    async *users() {
      let index = 0;
      for await (const line of lines(path)) {
        index += 1;
        if (index === 1 || index === count) continue;
        const text = line.endsWith(',') ? line.slice(0, -1) : line;
        if (text.length > 0) yield parseJson(path, text, `user entry on line ${index}`) as unknown as UserPlan;
      }
    },
  };
}
