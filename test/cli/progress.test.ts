import { afterEach, describe, expect, it, vi } from "vitest";
import { createProgress } from "../../src/cli/progress.js";

/** A wall-clock start for the fake clock (a real date: the first update is always printed). */
const T0 = Date.UTC(2026, 11, 7);

/** A non-TTY stream that keeps what is written to it. */
function captureStream(): { stream: NodeJS.WriteStream; lines: () => string[] } {
  let text = "";
  const stream = {
    isTTY: false,
    write(chunk: string) {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, lines: () => text.split("\n").filter((line) => line !== "") };
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
