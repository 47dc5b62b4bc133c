import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readFullyAt, writeFullyAt } from "../../src/io/positionalFile.js";

const directory = mkdtempSync(join(tmpdir(), "scifai-positional-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("positional file I/O", () => {
  it("writes and reads whole ranges at given offsets, and names the file that ends early", () => {
    const path = join(directory, "f.bin");
    const fd = openSync(path, "w+");
    try {
      const bytes = Uint8Array.from({ length: 3 << 20 }, (_, i) => (i * 7) & 0xff);
      writeFullyAt(fd, bytes, 10);
      writeFullyAt(fd, Uint8Array.of(1, 2, 3), 0);
      const file = readFileSync(path);
      expect(file.length).toBe(10 + bytes.length);
      expect(Array.from(file.subarray(0, 3))).toEqual([1, 2, 3]);
      expect(file.subarray(10).equals(bytes)).toBe(true);
      const back = new Uint8Array(1000);
      readFullyAt(fd, back, 10 + 5000, path);
      expect(Array.from(back)).toEqual(Array.from(bytes.subarray(5000, 6000)));
      expect(() => readFullyAt(fd, new Uint8Array(20), file.length - 5, path)).toThrow(
        new RegExp(`f\\.bin: ends at byte ${file.length}, expected ${file.length + 15}`),
      );
    } finally {
      closeSync(fd);
    }
  });
});
