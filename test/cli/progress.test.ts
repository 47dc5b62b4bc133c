import { afterEach, describe, expect, it, vi } from "vitest";
import { createCounter, createProgress } from "../../src/cli/progress.js";

/** A wall-clock start for the fake clock (a real date: the first update is always printed). */
const T0 = Date.UTC(2026, 11, 7);

/** A non-TTY stream that keeps what is written to it. */
function captureStream(isTTY = false): {
  stream: NodeJS.WriteStream;
  lines: () => string[];
  text: () => string;
} {
  let text = "";
  const stream = {
    isTTY,
    write(chunk: string) {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, lines: () => text.split("\n").filter((line) => line !== ""), text: () => text };
}

describe("createProgress (not a terminal)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes a line at most once per interval, and the final count on stop", () => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    const { stream, lines } = captureStream();
    const progress = createProgress("extract", { intervalMs: 250, stream });
    progress.update(32, 1000, "errors 0");
    vi.setSystemTime(T0 + 100);
    progress.update(64, 1000, "errors 0");
    vi.setSystemTime(T0 + 260);
    progress.update(96, 1000, "errors 1");
    vi.setSystemTime(T0 + 400);
    progress.update(128, 1000, "errors 1");
    progress.stop();
    // 32 at 0 ms (the first update), 96 at 260 ms (≥ 250 ms later), 128 from stop; 64 and the second
    // 128 fall inside an interval.
    expect(lines()).toEqual([
      "extract: 32/1000 (32000/s, ETA 0s) errors 0",
      "extract: 96/1000 (369/s, ETA 2s) errors 1",
      "extract: 128/1000 (320/s, ETA 3s)",
    ]);
  });

  it("keeps the 5 s default and prints nothing when quiet", () => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    const { stream, lines } = captureStream();
    const progress = createProgress("scan", { stream });
    for (let t = 0; t <= 9000; t += 1000) {
      vi.setSystemTime(T0 + t);
      progress.update(t / 1000 + 1, 10);
    }
    expect(lines().map((line) => line.split(" ")[1])).toEqual(["1/10", "6/10"]);
    const quiet = captureStream();
    const silent = createProgress("scan", { quiet: true, stream: quiet.stream });
    silent.update(1, 10);
    silent.stop();
    expect(quiet.lines()).toEqual([]);
  });
});

describe("createProgress startedAt", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("counts rates and ETAs from the given start", () => {
    vi.useFakeTimers();
    vi.setSystemTime(T0 + 2000);
    const { stream, lines } = captureStream();
    // Started 2 s ago (say, when a scan ended): 100 cells in 2 s is 50/s, 900 left take 18 s.
    createProgress("extract", { stream, startedAt: T0 }).update(100, 1000);
    expect(lines()).toEqual(["extract: 100/1000 (50/s, ETA 18s)"]);
  });
});

describe("createCounter", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes a line per interval and the last count on stop, when not a terminal", () => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    const { stream, lines } = captureStream();
    const counter = createCounter("scanning data", "cells found", { intervalMs: 250, stream });
    counter.update(1024);
    vi.setSystemTime(T0 + 100);
    counter.update(2048);
    vi.setSystemTime(T0 + 300);
    counter.update(4096);
    vi.setSystemTime(T0 + 400);
    counter.update(5000);
    counter.stop();
    counter.stop(); // a second stop writes nothing
    expect(lines()).toEqual([
      "scanning data: 1024 cells found",
      "scanning data: 4096 cells found",
      "scanning data: 5000 cells found",
    ]);
  });

  it("rewrites one line in place on a terminal and ends it on stop; quiet writes nothing", () => {
    const tty = captureStream(true);
    const counter = createCounter("reading m.csv", "rows", { stream: tty.stream });
    counter.stop(); // nothing shown yet: nothing to end
    counter.update(10);
    counter.update(20);
    counter.stop();
    expect(tty.text()).toBe("\r\x1b[Kreading m.csv: 10 rows\r\x1b[Kreading m.csv: 20 rows\n");
    const quiet = captureStream(true);
    const silent = createCounter("scanning", "cells found", { quiet: true, stream: quiet.stream });
    silent.update(1);
    silent.stop();
    expect(quiet.text()).toBe("");
  });
});
