/**
 * The account on disk, so a demo keeps its changes between runs. The file holds passcodes (they are part of the
 * account), so it is written owner-only; it is local test state, never something to commit.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { AccountState } from './account.js';

export function loadState(path: string): AccountState | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as AccountState;
  } catch (error) {
    throw new Error(`cannot read simulator state ${path}: ${(error as Error).message}`, { cause: error });
  }
}

export async function saveState(path: string, state: AccountState): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(state), { mode: 0o600 });
  await rename(temporary, path);
}

/** Saves at most once per `delayMs` after changes, and once more on flush(). */
export class DebouncedSaver {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly save: () => Promise<void>,
    private readonly delayMs = 200,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writing.then(this.save).catch(this.onError);
    }, this.delayMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    await this.save();
  }
}
