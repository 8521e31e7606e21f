/** One API request as the emulator received it (admin calls are not logged). */
export interface RequestLogEntry {
  /** ISO timestamp of arrival. */
  readonly at: string;
  readonly method: string;
  /** Path including any query string. */
  readonly path: string;
  /** Lower-cased request headers WITHOUT `authorization` (the API key never lands here). */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, the raw text when it was not JSON, or undefined when empty. */
  readonly body: unknown;
  /** Status of the response; absent when none was sent (dropped or hanging connection). */
  status?: number;
  /** The injected fault that hit this request, if any. */
  fault?: string;
}

/** A bounded ring buffer of request log entries (oldest dropped first). */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly capacity: number) {}

  /** Appends an entry; the caller may still set `status`/`fault` on it afterwards. */
  append(entry: RequestLogEntry): RequestLogEntry {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) {
      this.entries.splice(0, this.entries.length - this.capacity);
    }
    return entry;
  }

  /** Copies of all entries, oldest first. */
  list(): RequestLogEntry[] {
    return this.entries.map((entry) => ({ ...entry, headers: { ...entry.headers } }));
  }

  clear(): void {
    this.entries = [];
  }
}

/** Request headers for the log: lower-case names, `authorization` removed, arrays joined. */
export function loggableHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (key === 'authorization' || value === undefined) continue;
    result[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}
