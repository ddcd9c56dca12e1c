/**
 * Splits a script's stdout or stderr into lines for the log, with bounds: at most
 * `MAX_LINES` lines per stream and run, each cut at `MAX_LINE_CHARS`. A script that prints
 * more cannot flood the log; the count of what was left out is reported at the end.
 */

/** Lines logged per stream and run. */
export const MAX_LINES = 100;
/** Characters kept of one line. */
export const MAX_LINE_CHARS = 1000;

export class LineSplitter {
  readonly #emit: (line: string) => void;
  #partial = '';
  /** The current line was cut: drop the rest of it up to the next newline. */
  #isCutting = false;
  #lines = 0;
  #suppressed = 0;

  constructor(emit: (line: string) => void) {
    this.#emit = emit;
  }

  /** Lines not logged because of `MAX_LINES`. */
  get suppressed(): number {
    return this.#suppressed;
  }

  push(chunk: string): void {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      this.#append(chunk.slice(start, nl));
      this.#flush();
      start = nl + 1;
    }
    this.#append(chunk.slice(start));
  }

  /** Emits the last line when it had no newline. */
  end(): void {
    if (this.#partial !== '' || this.#isCutting) this.#flush();
  }

  #append(text: string): void {
    if (this.#isCutting) return;
    this.#partial += text;
    if (this.#partial.length > MAX_LINE_CHARS) {
      this.#partial = `${this.#partial.slice(0, MAX_LINE_CHARS)}…`;
      this.#isCutting = true;
    }
  }

  #flush(): void {
    const line = this.#partial.endsWith('\r') ? this.#partial.slice(0, -1) : this.#partial;
    this.#partial = '';
    this.#isCutting = false;
    if (this.#lines >= MAX_LINES) {
      this.#suppressed++;
      return;
    }
    this.#lines++;
    this.#emit(line);
  }
}
