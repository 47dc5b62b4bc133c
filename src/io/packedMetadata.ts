import type { Metadata, MetadataRow } from "./metadata.js";

/**
 * Strings that repeat (experiments, donors, conditions, sets, labels, object numbers): each row holds
 * a 32-bit code into a table of the distinct values.
 */
class CodedStrings {
  private readonly values: string[] = [];
  private readonly codeOf = new Map<string, number>();
  private codes = new Uint32Array(1024);

  push(row: number, value: string): void {
    let code = this.codeOf.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codeOf.set(value, code);
    }
    if (row >= this.codes.length) this.codes = grown(this.codes, row + 1);
    this.codes[row] = code;
  }

  at(row: number): string {
    return this.values[this.codes[row]];
  }

  /** Drops the spare capacity and the lookup table once every row is in. */
  seal(rows: number): void {
    this.codes = this.codes.slice(0, rows);
    this.codeOf.clear();
  }
}

/** Strings that are all different (file paths): UTF-8 bytes end to end, with their offsets. */
class PackedStrings {
  private bytes = Buffer.alloc(64 * 1024);
  private byteLength = 0;
  /** offsets[r] … offsets[r + 1] are the bytes of row r. */
  private offsets = new Float64Array(1025);

  push(row: number, value: string): void {
    const needed = this.byteLength + Buffer.byteLength(value, "utf8");
    if (needed > this.bytes.length) {
      const larger = Buffer.alloc(Math.max(needed, this.bytes.length * 2));
      this.bytes.copy(larger, 0, 0, this.byteLength);
      this.bytes = larger;
    }
    this.byteLength += this.bytes.write(value, this.byteLength, "utf8");
    if (row + 1 >= this.offsets.length) this.offsets = grown(this.offsets, row + 2);
    this.offsets[row + 1] = this.byteLength;
  }

  at(row: number): string {
    return this.bytes.toString("utf8", this.offsets[row], this.offsets[row + 1]);
  }

  seal(rows: number): void {
    this.bytes = Buffer.from(this.bytes.subarray(0, this.byteLength));
    this.offsets = this.offsets.slice(0, rows + 1);
  }
}

function grown<T extends Uint32Array | Float64Array>(array: T, atLeast: number): T {
  const larger = new (array.constructor as new (length: number) => T)(Math.max(atLeast, array.length * 2));
  larger.set(array);
  return larger;
}

/**
 * The metadata table of a run in about 60 bytes per cell instead of about 500 for row objects: file
 * paths packed as UTF-8, every other column coded. Extraction of millions of cells holds this, so
 * that its memory hardly depends on the number of cells. Rows are appended in order, then sealed.
 */
export class PackedMetadata {
  private rows = 0;
  private sealed = false;
  private readonly file = new PackedStrings();
  private readonly experiment = new CodedStrings();
  private readonly donor = new CodedStrings();
  private readonly condition = new CodedStrings();
  private readonly objectNumber = new CodedStrings();
  private readonly set = new CodedStrings();
  private readonly label = new CodedStrings();

  /** `root` is the absolute dataset root; `join(root, fileAt(r))` is the cell file of row r. */
  constructor(readonly root: string) {}

  /** Packs the rows of a metadata table (the rows are not kept). */
  static of(metadata: Metadata): PackedMetadata {
    const packed = new PackedMetadata(metadata.root);
    for (const row of metadata.rows) packed.push(row);
    return packed.seal();
  }

  /** Appends one row; throws once sealed. */
  push(row: MetadataRow): void {
    if (this.sealed) throw new Error("PackedMetadata: cannot add rows after seal()");
    const r = this.rows++;
    this.file.push(r, row.file);
    this.experiment.push(r, row.experiment);
    this.donor.push(r, row.donor);
    this.condition.push(r, row.condition);
    this.objectNumber.push(r, row.object_number);
    this.set.push(r, row.set);
    this.label.push(r, row.label);
  }

  /** Ends appending and releases spare capacity; returns this. */
  seal(): this {
    if (!this.sealed) {
      const columns = [this.file, this.experiment, this.donor, this.condition, this.objectNumber];
      for (const column of [...columns, this.set, this.label]) column.seal(this.rows);
      this.sealed = true;
    }
    return this;
  }

  get rowCount(): number {
    return this.rows;
  }

  /** The `file` of row `row` (relative to the root, `/` separators). */
  fileAt(row: number): string {
    return this.file.at(row);
  }

  /** The `object_number` of row `row`. */
  objectNumberAt(row: number): string {
    return this.objectNumber.at(row);
  }

  /** Row `row` in METADATA_COLUMNS order. */
  textAt(row: number): string[] {
    return [
      this.file.at(row),
      this.experiment.at(row),
      this.donor.at(row),
      this.condition.at(row),
      this.objectNumber.at(row),
      this.set.at(row),
      this.label.at(row),
    ];
  }
}
