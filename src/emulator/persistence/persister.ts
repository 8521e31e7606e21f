import { promises as fs } from 'node:fs';
import { writeFileAtomic } from './atomic-file';

/**
 * Writes the state to a data file after changes: debounced (one write per burst of changes),
 * never two writes at once, and `flush()` waits until everything changed so far is on disk.
 */
export class Persister {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private writing: Promise<void> | undefined;
  private lastError: unknown;

  constructor(
    private readonly file: string,
    private readonly serialize: () => string,
    private readonly debounceMs = 25,
  ) {}

  /** Marks the state changed; a write follows after the debounce delay. */
  schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeNow();
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Writes pending changes now and waits for them. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.writeNow();
    if (this.lastError) {
      const error = this.lastError;
      this.lastError = undefined;
      throw error;
    }
  }

  private async writeNow(): Promise<void> {
    while (this.writing) await this.writing;
    if (!this.dirty) return;
    this.dirty = false;
    const content = this.serialize();
    this.writing = writeFileAtomic(this.file, content)
      .catch((error: unknown) => {
        this.lastError = error;
        this.dirty = true;
      })
      .finally(() => {
        this.writing = undefined;
      });
    await this.writing;
  }
}

/**
 * Reads and parses the data file.
 * @returns the parsed JSON, or undefined when the file does not exist
 */
export async function readDataFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as unknown;
}
