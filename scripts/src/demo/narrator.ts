/**
 * Prints the scenario as a story: who did what, how long it took, with progress shown while a step runs.
 */

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** One line of the closing table. */
interface StepRecord {
  readonly chapter: string;
  readonly actor: string;
  readonly action: string;
  readonly ms: number;
  readonly transactions: number;
}

export interface StepOptions {
  /** Ledger transactions the step submits (for the totals); evaluations count 0. */
  readonly transactions?: number;
}

/** Narrates chapters and steps; keeps timings for the summary. */
export class Narrator {
  readonly #out: NodeJS.WriteStream;
  readonly #tty: boolean;
  readonly #steps: StepRecord[] = [];
  readonly #began = Date.now();
  #chapter = '';
  #chapterNumber = 0;

  constructor(
    readonly chapters: number,
    out: NodeJS.WriteStream = process.stdout,
  ) {
    this.#out = out;
    this.#tty = out.isTTY;
  }

  title(text: string): void {
    this.#out.write(`\n${text}\n${'═'.repeat(Math.min(text.length, 78))}\n`);
  }

  chapter(name: string, intro: string): void {
    this.#chapterNumber += 1;
    this.#chapter = name;
    this.#out.write(`\n[${this.#chapterNumber}/${this.chapters}] ${name}\n    ${intro}\n`);
  }

  note(text: string): void {
    this.#out.write(`      ${text}\n`);
  }

  /**
   * Runs one step, showing progress while it runs and its duration when done.
   *
   * @param actor - the department acting, e.g. "Tax Bureau".
   * @param action - what it does, in words.
   * @param run - the work; its string result (if any) is printed after an arrow.
   * @returns what `run` returned.
   */
  async step<T>(actor: string, action: string, run: () => Promise<T>, options: StepOptions = {}): Promise<T> {
    const label = `${actor}: ${action}`;
    const start = Date.now();
    let frame = 0;
    const elapsed = (): string => `${((Date.now() - start) / 1000).toFixed(1)} s`;
    const timer = setInterval(
      () => {
        if (this.#tty) {
          frame = (frame + 1) % SPINNER.length;
          this.#out.write(`\r  ${SPINNER[frame] ?? '.'} ${label} … ${elapsed()}`);
        } else {
          this.#out.write(`  … ${label}: still working (${elapsed()})\n`);
        }
      },
      this.#tty ? 100 : 5000,
    );
    try {
      const result = await run();
      const ms = Date.now() - start;
      this.#steps.push({ chapter: this.#chapter, actor, action, ms, transactions: options.transactions ?? 0 });
      const shown = typeof result === 'string' ? ` → ${result}` : '';
      this.#clear();
      this.#out.write(`  ✔ ${label}${shown}  (${(ms / 1000).toFixed(2)} s)\n`);
      return result;
    } catch (err) {
      this.#clear();
      this.#out.write(`  ✘ ${label}  (${elapsed()})\n`);
      throw err;
    } finally {
      clearInterval(timer);
    }
  }

  #clear(): void {
    if (this.#tty) this.#out.write('\r\x1b[2K');
  }

  /** Prints per-chapter totals and the whole run's time. */
  summary(): void {
    const chapters = [...new Set(this.#steps.map((s) => s.chapter))];
    this.#out.write('\nSummary\n');
    for (const chapter of chapters) {
      const steps = this.#steps.filter((s) => s.chapter === chapter);
      const ms = steps.reduce((a, s) => a + s.ms, 0);
      const tx = steps.reduce((a, s) => a + s.transactions, 0);
      this.#out.write(
        `  ${chapter.padEnd(44)} ${String(steps.length).padStart(3)} steps ${String(tx).padStart(3)} transactions ${(ms / 1000).toFixed(1).padStart(6)} s\n`,
      );
    }
    this.#out.write(`  whole scenario: ${((Date.now() - this.#began) / 1000).toFixed(1)} s\n`);
  }
}
