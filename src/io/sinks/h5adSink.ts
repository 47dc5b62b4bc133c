import { closeSync, ftruncateSync, openSync, readFileSync, renameSync, rmSync } from "node:fs";
import { isCifFileName } from "../datasetLayout.js";
import { writeH5ad } from "../h5adWriter.js";
import { readFullyAt, writeFullyAt } from "../positionalFile.js";
import {
  type RowText,
  requireResumeFile,
  type SinkState,
  type TableSchema,
  type TableSink,
} from "../tableSink.js";

/**
 * Streams rows into an AnnData .h5ad: X = features as float32, obs = the text columns (indexed by
 * the first one, the file path), var = feature names. HDF5 files cannot be appended safely across
 * a kill, so rows are spooled next to the output (float32 values, and the text values as JSON
 * lines) and the .h5ad is assembled block by block when the run completes.
 */
export class H5adSink implements TableSink {
  private readonly valuesFd: number;
  private readonly textFd: number;
  private rowCount: number;
  private textBytes: number;

  constructor(
    private readonly path: string,
    private readonly schema: TableSchema,
    private readonly text: RowText,
    resume?: SinkState,
  ) {
    this.rowCount = resume ? Number(resume.rows) : 0;
    this.textBytes = resume ? Number(resume.textBytes) : 0;
    if (resume) for (const file of [this.valuesPath, this.textPath]) requireResumeFile(file);
    const mode = resume ? "r+" : "w+";
    this.valuesFd = openSync(this.valuesPath, mode);
    this.textFd = openSync(this.textPath, mode);
    ftruncateSync(this.valuesFd, this.rowCount * schema.featureColumns.length * 4);
    ftruncateSync(this.textFd, this.textBytes);
  }

  private get valuesPath(): string {
    return `${this.path}.x.f32`;
  }

  private get textPath(): string {
    return `${this.path}.obs.jsonl`;
  }

  writeChunk(rows: Int32Array, values: Float64Array): void {
    const columns = this.schema.featureColumns.length;
    const x = Float32Array.from(values);
    writeFullyAt(this.valuesFd, new Uint8Array(x.buffer), this.rowCount * columns * 4);
    const lines = Buffer.from(
      Array.from(rows, (row) => `${JSON.stringify(this.text(row))}\n`).join(""),
      "utf8",
    );
    writeFullyAt(this.textFd, lines, this.textBytes);
    this.textBytes += lines.length;
    this.rowCount += rows.length;
  }

  state(): SinkState {
    return { rows: this.rowCount, textBytes: this.textBytes };
  }

  async finish(): Promise<void> {
    const columns = this.schema.featureColumns.length;
    const texts = readFileSync(this.textPath, "utf8")
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as string[]);
    const obsColumns = new Map(
      this.schema.textColumns.slice(1).map((name, c) => [name, texts.map((t) => t[c + 1])]),
    );
    const assembled = `${this.path}.h5ad`;
    await writeH5ad(
      assembled,
      // A .cif file holds many cells: its rows are named file#object so that obs names stay unique.
      {
        obsNames: texts.map((t) => (isCifFileName(t[0]) ? `${t[0]}#${t[4]}` : t[0])),
        obsColumns,
        varNames: this.schema.featureColumns,
      },
      (start, end) => {
        const block = new Float32Array((end - start) * columns);
        readFullyAt(this.valuesFd, new Uint8Array(block.buffer), start * columns * 4, this.valuesPath);
        return block;
      },
    );
    this.abandon();
    rmSync(this.valuesPath, { force: true });
    rmSync(this.textPath, { force: true });
    renameSync(assembled, this.path);
  }

  abandon(): void {
    closeSync(this.valuesFd);
    closeSync(this.textFd);
  }
}
