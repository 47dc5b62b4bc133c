import type { Marker } from "./panels.js";
import type { SynthClass } from "./scenario.js";

/** The random numbers the renderer draws. */
export interface SynthRandom {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
}

/** A rendered cell as h5py stores it: interleaved (H, W, C) uint16 image and uint8 0/1 mask. */
export interface RenderedCell {
  height: number;
  width: number;
  channels: number;
  image: Uint16Array;
  mask: Uint8Array;
}

/** What varies a cell's look besides its class. */
export interface RenderConditions {
  /** Multiplies the P-CD3zeta signal of signalling T cells (1 = control). */
  signalStrength: number;
  /** Whether T cells carry the bound therapeutic antibody (stimulated conditions). */
  antibodyBound: boolean;
  /** Donor-specific brightness of the fluorescent markers (1 = average). */
  donorBrightness: number;
}

interface Body {
  isBCell: boolean;
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  cos: number;
  sin: number;
  dead: boolean;
  /** Amplitude of the P-CD3zeta spot at the contact (0 for none). */
  contactSignal: number;
  contactX: number;
  contactY: number;
  /** Membrane puncta of a signalling T cell without a partner: [x, y, amplitude]… */
  puncta: number[];
}

const MAX_VALUE = 4095; // 12-bit camera values in 16-bit containers, as on the ImageStream.

/**
 * Renders one synthetic IFC cell of class `cellClass` for the marker panel `panel`: bright field
 * with dark cell borders on a grey background, textured fluorescent markers on a dim background,
 * and IDEAS-like masks per channel (possibly empty, e.g. P-CD3zeta without signalling).
 */
export function renderCell(
  cellClass: SynthClass,
  panel: readonly Marker[],
  conditions: RenderConditions,
  random: SynthRandom,
): RenderedCell {
  const bodies = placeBodies(cellClass, conditions, random);
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const b of bodies) {
    const r = Math.max(b.rx, b.ry);
    minX = Math.min(minX, b.cx - r);
    maxX = Math.max(maxX, b.cx + r);
    minY = Math.min(minY, b.cy - r);
    maxY = Math.max(maxY, b.cy + r);
  }
  const width = clampInt(maxX - minX + 2 * (10 + 8 * random.uniform()), 60, 120);
  const height = clampInt(maxY - minY + 2 * (8 + 8 * random.uniform()), 48, 110);
  const shiftX = width / 2 - (minX + maxX) / 2 + (random.uniform() - 0.5) * 4;
  const shiftY = height / 2 - (minY + maxY) / 2 + (random.uniform() - 0.5) * 4;
  for (const b of bodies) {
    b.cx += shiftX;
    b.cy += shiftY;
    b.contactX += shiftX;
    b.contactY += shiftY;
    for (let i = 0; i < b.puncta.length; i += 3) {
      b.puncta[i] += shiftX;
      b.puncta[i + 1] += shiftY;
    }
  }

  const channels = panel.length;
  const pixels = width * height;
  const image = new Uint16Array(pixels * channels);
  const mask = new Uint8Array(pixels * channels);
  const bfBackground = 820 + 160 * random.uniform();
  const textures = panel.map(() => new SmoothTexture(random));
  const backgrounds = panel.map((m) => (m === "BF" ? bfBackground : 35 + 45 * random.uniform()));
  const brightness = conditions.donorBrightness;
  const radius = new Float64Array(bodies.length);

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      for (let k = 0; k < bodies.length; k++) radius[k] = normalisedRadius(bodies[k], x, y);
      for (let c = 0; c < channels; c++) {
        const marker = panel[c];
        const texture = textures[c].at(x / width, y / height);
        let value = backgrounds[c];
        let inMask = false;
        for (let k = 0; k < bodies.length; k++) {
          const b = bodies[k];
          const r = radius[k];
          const size = (b.rx + b.ry) / 2;
          const edge = (r - 1) * size; // signed distance to the membrane in pixels (approximately)
          const inside = r < 1;
          const ring = Math.exp(-(edge * edge) / 2.2);
          const maskEdge = 1 + 0.07 * texture;
          const contact = b.contactSignal > 0 ? gaussian2(x - b.contactX, y - b.contactY, 3.2) : 0;
          switch (marker) {
            case "BF":
              value +=
                -260 * ring + 70 * Math.exp(-((edge - 2.2) ** 2) / 2) + (inside ? 35 * (1 + texture) : 0);
              inMask ||= r < 1.06 * maskEdge;
              break;
            case "F-Actin":
              value +=
                brightness *
                ((inside ? 70 : 0) +
                  (b.isBCell ? 220 : 360) * ring * (1 + 0.35 * texture) +
                  (inside && !b.isBCell ? 900 * (b.contactSignal / 900) * contact : 0));
              inMask ||= r < maskEdge;
              break;
            case "MHCII":
              if (b.isBCell) {
                value += brightness * ((inside ? 480 : 0) + 650 * ring) * (1 + 0.3 * texture);
                inMask ||= r < maskEdge;
              }
              break;
            case "CD3":
              if (!b.isBCell) {
                value +=
                  brightness * ((inside ? 140 : 0) + 620 * ring * (1 + 0.4 * contact)) * (1 + 0.3 * texture);
                inMask ||= r < maskEdge;
              }
              break;
            case "P-CD3zeta":
              if (!b.isBCell) {
                let signal = inside ? 45 : 0;
                if (r < 1.15) {
                  signal += b.contactSignal * contact;
                  for (let i = 0; i < b.puncta.length; i += 3) {
                    signal += b.puncta[i + 2] * gaussian2(x - b.puncta[i], y - b.puncta[i + 1], 1.6);
                  }
                }
                value += brightness * signal * (1 + 0.25 * texture);
                inMask ||= signal > 260;
              }
              break;
            case "Antibody":
              if (!b.isBCell) {
                value += (conditions.antibodyBound ? 330 : 25) * ring * (1 + 0.3 * texture);
                inMask ||= conditions.antibodyBound && r < maskEdge;
              }
              break;
            case "CD18":
              if (!b.isBCell) {
                value +=
                  brightness * (300 * ring + (inside ? 500 * contact * (b.contactSignal > 0 ? 1 : 0) : 0));
                inMask ||= r < maskEdge;
              }
              break;
            case "Live-Dead":
              if (b.dead && inside) {
                value += 1400 * (1 + 0.2 * texture);
                inMask = true;
              }
              break;
          }
        }
        const noise = marker === "BF" ? 11 : 4 + 0.6 * Math.sqrt(Math.max(0, value));
        value += noise * random.normal();
        image[p * channels + c] = Math.round(Math.min(MAX_VALUE, Math.max(0, value)));
        mask[p * channels + c] = inMask ? 1 : 0;
      }
    }
  }
  return { height, width, channels, image, mask };
}

function placeBodies(cellClass: SynthClass, conditions: RenderConditions, random: SynthRandom): Body[] {
  const bCell = () => makeBody(true, 13 + 4 * random.uniform(), random);
  const tCell = () => makeBody(false, 9.5 + 3 * random.uniform(), random);
  const logNormal = (sigma: number) => Math.exp(sigma * random.normal());
  switch (cellClass) {
    case "B_cell":
      return [bCell()];
    case "T_cell":
      return [tCell()];
    case "T_cell_with_signaling": {
      const t = tCell();
      const count = 1 + Math.floor(4 * random.uniform());
      for (let i = 0; i < count; i++) {
        const angle = 2 * Math.PI * random.uniform();
        t.puncta.push(
          t.rx * 0.85 * Math.cos(angle),
          t.ry * 0.85 * Math.sin(angle),
          480 * conditions.signalStrength * logNormal(0.6),
        );
      }
      return [t];
    }
    case "Synapses_without_signaling":
    case "Synapses_with_signaling":
    case "No_cell_cell_interaction": {
      const b = bCell();
      const t = tCell();
      const angle = 2 * Math.PI * random.uniform();
      const touching = cellClass !== "No_cell_cell_interaction";
      // The ranges meet at 1: cells that barely touch and cells that barely do not look alike.
      const spacing = touching ? 0.84 + 0.17 * random.uniform() : 0.99 + 0.5 * random.uniform();
      const distance = (b.rx + t.rx) * spacing;
      t.cx = b.cx + distance * Math.cos(angle);
      t.cy = b.cy + distance * Math.sin(angle);
      // The immunological synapse sits where the T cell membrane faces the B cell.
      t.contactX = t.cx - t.rx * 0.8 * Math.cos(angle);
      t.contactY = t.cy - t.rx * 0.8 * Math.sin(angle);
      if (cellClass === "Synapses_with_signaling")
        t.contactSignal = 720 * conditions.signalStrength * logNormal(0.6);
      else if (touching && random.uniform() < 0.45) t.contactSignal = 230 * logNormal(0.6); // faint, ambiguous
      return [b, t];
    }
    case "Multiplets": {
      const count = 3 + Math.floor(2 * random.uniform());
      const bodies: Body[] = [];
      for (let i = 0; i < count; i++) {
        const body = random.uniform() < 0.5 ? bCell() : tCell();
        const angle = 2 * Math.PI * random.uniform();
        const distance = i === 0 ? 0 : 18 + 7 * random.uniform();
        const anchor = bodies[Math.floor(random.uniform() * bodies.length)] ?? body;
        body.cx = anchor.cx + distance * Math.cos(angle);
        body.cy = anchor.cy + distance * Math.sin(angle);
        bodies.push(body);
      }
      return bodies;
    }
  }
}

function makeBody(isBCell: boolean, radius: number, random: SynthRandom): Body {
  const angle = Math.PI * random.uniform();
  const elongation = 0.82 + 0.18 * random.uniform();
  return {
    isBCell,
    cx: 0,
    cy: 0,
    rx: radius,
    ry: radius * elongation,
    cos: Math.cos(angle),
    sin: Math.sin(angle),
    dead: random.uniform() < 0.05,
    contactSignal: 0,
    contactX: 0,
    contactY: 0,
    puncta: [],
  };
}

/** Ellipse-normalised distance of pixel (x, y) from the body centre: 1 on the membrane. */
function normalisedRadius(b: Body, x: number, y: number): number {
  const dx = x - b.cx;
  const dy = y - b.cy;
  const u = (dx * b.cos + dy * b.sin) / b.rx;
  const v = (-dx * b.sin + dy * b.cos) / b.ry;
  return Math.sqrt(u * u + v * v);
}

function gaussian2(dx: number, dy: number, sigma: number): number {
  return Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
}

function clampInt(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.round(value)));
}

/** A smooth random field in [-1, 1] over the unit square: a 6×6 grid, bilinearly interpolated. */
class SmoothTexture {
  private static readonly SIZE = 6;
  private readonly grid = new Float64Array(SmoothTexture.SIZE * SmoothTexture.SIZE);

  constructor(random: SynthRandom) {
    for (let i = 0; i < this.grid.length; i++) this.grid[i] = 2 * random.uniform() - 1;
  }

  at(u: number, v: number): number {
    const n = SmoothTexture.SIZE - 1;
    const gx = Math.min(n - 1e-9, u * n);
    const gy = Math.min(n - 1e-9, v * n);
    const x0 = Math.floor(gx);
    const y0 = Math.floor(gy);
    const fx = gx - x0;
    const fy = gy - y0;
    const s = SmoothTexture.SIZE;
    const g = this.grid;
    const top = g[y0 * s + x0] * (1 - fx) + g[y0 * s + x0 + 1] * fx;
    const bottom = g[(y0 + 1) * s + x0] * (1 - fx) + g[(y0 + 1) * s + x0 + 1] * fx;
    return top * (1 - fy) + bottom * fy;
  }
}
