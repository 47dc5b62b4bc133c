import cliProgress from "cli-progress";

/** A progress display on stderr: a bar on a terminal, otherwise a line every few seconds. */
export interface Progress {
  update(done: number, total: number, extra?: string): void;
  stop(): void;
}

/**
 * Creates the progress display for `label` on `stream` (default stderr); `quiet` gives one that
 * prints nothing, and `intervalMs` (default 5,000 ms) spaces the lines written when it is not a TTY.
 * Rates and ETAs count from `startedAt` (ms since the epoch; default: now).
 */
export function createProgress(
  label: string,
  options: { quiet?: boolean; intervalMs?: number; stream?: NodeJS.WriteStream; startedAt?: number } = {},
): Progress {
  if (options.quiet) return { update() {}, stop() {} };
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted} {extra}`,
        stream,
        hideCursor: true,
        etaBuffer: 200,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = options.startedAt ?? Date.now();
    let running = false;
    return {
      update(done, total, extra = "") {
        const rate = (done / Math.max(1e-3, (Date.now() - started) / 1000)).toFixed(0);
        if (!running) {
          bar.start(total, done, { rate, extra });
          running = true;
        } else {
          bar.setTotal(total);
          bar.update(done, { rate, extra });
        }
      },
      stop() {
        if (running) bar.stop();
      },
    };
  }
  const started = options.startedAt ?? Date.now();
  const lines = intervalLines(
    stream,
    options.intervalMs,
    ([done, total, extra]: [number, number, string]) => {
      const seconds = (Date.now() - started) / 1000;
      const rate = done / Math.max(1e-3, seconds);
      const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
      return `${label}: ${done}/${total} (${rate.toFixed(0)}/s, ETA ${eta}s)${extra ? ` ${extra}` : ""}`;
    },
  );
  return {
    update(done, total, extra = "") {
      lines.update([done, total, extra]);
    },
    stop() {
      // The closing line gives the count without the passing remarks (the summary follows it).
      lines.stop(([done, total]) => [done, total, ""]);
    },
  };
}

/**
 * Lines of `format(value)` on a stream that is not a terminal: at most one per `intervalMs` (default
 * 5,000 ms), and on stop the latest value if its line was not written (formatted after `final`).
 * Stop is idempotent; it writes nothing if no value came.
 */
function intervalLines<T>(
  stream: NodeJS.WriteStream,
  intervalMs = 5000,
  format: (value: T) => string,
): { update(value: T): void; stop(final?: (value: T) => T): void } {
  let last = 0;
  let unwritten: { value: T } | null = null;
  return {
    update(value) {
      const now = Date.now();
      if (now - last < intervalMs) {
        unwritten = { value };
        return;
      }
      last = now;
      unwritten = null;
      stream.write(`${format(value)}\n`);
    },
    stop(final = (value) => value) {
      if (unwritten) stream.write(`${format(final(unwritten.value))}\n`);
      unwritten = null;
    },
  };
}

/** A running count with no known total, such as the rows a scan has found so far. */
export interface Counter {
  update(count: number): void;
  /** Ends the display, showing the last count. */
  stop(): void;
}

/**
 * Shows `label: COUNT unit` on `stream` (default stderr): rewritten in place on a terminal, otherwise
 * a line at most every `intervalMs` (default 5,000 ms) and the last count on stop; `quiet` shows nothing.
 */
export function createCounter(
  label: string,
  unit: string,
  options: { quiet?: boolean; intervalMs?: number; stream?: NodeJS.WriteStream } = {},
): Counter {
  if (options.quiet) return { update() {}, stop() {} };
  const stream = options.stream ?? process.stderr;
  const text = (count: number) => `${label}: ${count} ${unit}`;
  let latest = -1;
  if (stream.isTTY) {
    return {
      update(count) {
        latest = count;
        stream.write(`\r\x1b[K${text(count)}`);
      },
      stop() {
        if (latest >= 0) stream.write("\n");
        latest = -1;
      },
    };
  }
  return intervalLines(stream, options.intervalMs, text);
}
