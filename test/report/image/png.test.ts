import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { renderComposite } from "../../../src/report/image/cellComposite.js";
import { encodePng, pngDataUri } from "../../../src/report/image/png.js";
import { pythonHas, runPython } from "../../helpers/python.js";

const scratch = mkdtempSync(join(tmpdir(), "scifai-png-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function chunks(png: Uint8Array): { type: string; data: Uint8Array }[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: { type: string; data: Uint8Array }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    out.push({
      type: String.fromCharCode(...png.subarray(at + 4, at + 8)),
      data: png.subarray(at + 8, at + 8 + length),
    });
    at += 12 + length;
  }
  return out;
}

describe("encodePng", () => {
  const rgb = Uint8Array.from({ length: 3 * 4 * 3 }, (_, i) => (i * 37) % 256);
  const png = encodePng(rgb, 4, 3);

  it("writes the signature, IHDR, IDAT and IEND with the pixels behind filter bytes", () => {
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    const raw = inflateSync(parts[1].data);
    expect(raw.length).toBe(3 * (4 * 3 + 1));
    expect(Array.from(raw.subarray(1, 13))).toEqual(Array.from(rgb.subarray(0, 12)));
    expect(pngDataUri(png).startsWith("data:image/png;base64,iVBOR")).toBe(true);
  });

  it("rejects a wrong buffer size", () => {
    expect(() => encodePng(new Uint8Array(5), 2, 2)).toThrow(/RGB image/);
  });

  it.skipIf(!pythonHas("PIL"))("opens in Pillow with the same pixels", () => {
    const path = join(scratch, "t.png");
    writeFileSync(path, png);
    const pixels = runPython(
      "import sys; from PIL import Image; im = Image.open(sys.argv[1]); print(im.size, im.mode, list(im.getdata())[:2])",
      [path],
    );
    expect(pixels.trim()).toBe(
      `(4, 3) RGB [(${rgb[0]}, ${rgb[1]}, ${rgb[2]}), (${rgb[3]}, ${rgb[4]}, ${rgb[5]})]`,
    );
  });
});

describe("renderComposite", () => {
  const width = 4;
  const height = 2;
  const cell = {
    width,
    height,
    channels: 2,
    image: [Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7]), new Float64Array(8).fill(9)],
    mask: [Uint8Array.from([0, 1, 1, 0, 0, 1, 1, 0]), new Uint8Array(8)],
  };

  it("stretches each channel between its percentiles and tints it; a flat channel stays black", () => {
    const { rgb } = renderComposite(cell, [
      { channel: 0, color: [255, 0, 0], low: 0, high: 100 },
      { channel: 1, color: [0, 255, 0] },
    ]);
    expect(rgb[0]).toBe(0);
    expect(rgb[7 * 3]).toBe(255);
    expect(rgb[7 * 3 + 1]).toBe(0);
  });

  it("draws mask outlines in white and scales pixels", () => {
    const {
      rgb,
      width: w,
      height: h,
    } = renderComposite(cell, [{ channel: 0, color: [0, 0, 255] }], { outlineChannel: 0, scale: 2 });
    expect([w, h]).toEqual([8, 4]);
    expect(Array.from(rgb.subarray(2 * 3, 2 * 3 + 3))).toEqual([255, 255, 255]);
  });
});
