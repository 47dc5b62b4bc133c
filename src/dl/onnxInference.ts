import { availableParallelism } from "node:os";
import type * as Ort from "onnxruntime-node";

/** Options of {@link CnnModel.load}. */
export interface CnnModelOptions {
  /** Threads of one inference (ONNX Runtime intra-op threads; default: all cores). */
  readonly threads?: number;
  /**
   * Execution providers in order of preference (default ["cpu"]). "cuda" needs onnxruntime-node's
   * CUDA libraries (installed with `--onnxruntime-node-install=cuda12`) and an NVIDIA GPU.
   */
  readonly executionProviders?: readonly string[];
  /** Name of the image input (default: the model's only input). */
  readonly input?: string;
  /** Name of the logits output (default "logits" when present, else the first output). */
  readonly logits?: string;
  /** Name of the embedding output (default "embedding" when present, else a second output, else none). */
  readonly embedding?: string;
  /**
   * Let ONNX Runtime's threads spin while waiting for work (default false: waiting threads sleep,
   * which leaves the cores to the threads that read and crop cells at the same time).
   */
  readonly spinning?: boolean;
}

/** Outputs of one batch: row-major float32 arrays. */
export interface CnnOutputs {
  /** count × classCount logits. */
  readonly logits: Float32Array;
  /** count × embeddingSize values, or null when not asked for (or the model has none). */
  readonly embedding: Float32Array | null;
}

let runtime: typeof Ort | null = null;

/** Loads onnxruntime-node on first use: commands that never run a network do not pay its start-up. */
async function onnxRuntime(): Promise<typeof Ort> {
  runtime ??= (await import("onnxruntime-node")) as typeof Ort;
  return runtime;
}

/**
 * A convolutional network in ONNX format run with ONNX Runtime: float32 NCHW image batches in,
 * logits (and optionally the pooled embedding) out. The input must be 4-D [batch, C, S, S] with a
 * free or fixed batch dimension.
 */
export class CnnModel {
  private constructor(
    private readonly session: Ort.InferenceSession,
    private readonly ort: typeof Ort,
    /** Name of the image input. */
    readonly inputName: string,
    /** Name of the logits output. */
    readonly logitsName: string,
    /** Name of the embedding output, or null when the model has none. */
    readonly embeddingName: string | null,
    /** Channels the model takes, or null when the dimension is symbolic. */
    readonly channels: number | null,
    /** Side S the model takes, or null when symbolic. */
    readonly size: number | null,
    /** Number of logits, or null until a batch has been run when the dimension is symbolic. */
    public classCount: number | null,
    /** Width of the embedding, or null when unknown before running. */
    public embeddingSize: number | null,
    /** The batch size the model was exported with, or null when the batch dimension is free. */
    readonly fixedBatch: number | null,
  ) {}

  /** Opens a model file; throws naming the file when it cannot be loaded or is not an image classifier. */
  static async load(path: string, options: CnnModelOptions = {}): Promise<CnnModel> {
    const ort = await onnxRuntime();
    let session: Ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(path, {
        executionProviders: [
          ...(options.executionProviders ?? ["cpu"]),
        ] as Ort.InferenceSession.ExecutionProviderConfig[],
        intraOpNumThreads: options.threads ?? availableParallelism(),
        interOpNumThreads: 1,
        executionMode: "sequential",
        graphOptimizationLevel: "all",
        extra: { session: { intra_op: { allow_spinning: options.spinning ? "1" : "0" } } },
      });
    } catch (error) {
      const reason = firstLine(error);
      const hint =
        /cuda/i.test(reason) && /shared library/i.test(reason)
          ? "; the CUDA provider needs onnxruntime-node's CUDA libraries: ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node (docs/deep-learning.md)"
          : "";
      throw new Error(`${path}: cannot load the ONNX model (${reason})${hint}`);
    }
    const input = options.input ?? (session.inputNames.length === 1 ? session.inputNames[0] : undefined);
    if (input === undefined || !session.inputNames.includes(input)) {
      throw new Error(
        `${path}: ${input === undefined ? "the model has several inputs; name the image input" : `no input '${input}'`} (inputs: ${session.inputNames.join(", ")})`,
      );
    }
    const outputs = session.outputNames;
    const logits = options.logits ?? (outputs.includes("logits") ? "logits" : outputs[0]);
    if (!outputs.includes(logits))
      throw new Error(`${path}: no output '${logits}' (outputs: ${outputs.join(", ")})`);
    let embedding: string | null = options.embedding ?? null;
    if (embedding === null) {
      if (outputs.includes("embedding") && logits !== "embedding") embedding = "embedding";
      else if (outputs.length === 2) embedding = outputs.find((name) => name !== logits) ?? null;
    } else if (!outputs.includes(embedding)) {
      throw new Error(`${path}: no output '${embedding}' (outputs: ${outputs.join(", ")})`);
    }
    const inputMeta = session.inputMetadata[session.inputNames.indexOf(input)];
    const shape = inputMeta.isTensor ? inputMeta.shape : [];
    if (shape.length !== 4)
      throw new Error(
        `${path}: input '${input}' has ${shape.length} dimensions; expected [batch, channels, S, S]`,
      );
    if (inputMeta.isTensor && inputMeta.type !== "float32")
      throw new Error(`${path}: input '${input}' is ${inputMeta.type}; expected float32`);
    const fixed = (dim: number | string) => (typeof dim === "number" && dim > 0 ? dim : null);
    const height = fixed(shape[2]);
    const width = fixed(shape[3]);
    if (height !== null && width !== null && height !== width)
      throw new Error(`${path}: input '${input}' is ${height} × ${width}; crops are square`);
    const lastDim = (name: string | null) => {
      if (name === null) return null;
      const meta = session.outputMetadata[outputs.indexOf(name)];
      return meta.isTensor ? fixed(meta.shape[meta.shape.length - 1]) : null;
    };
    return new CnnModel(
      session,
      ort,
      input,
      logits,
      embedding,
      fixed(shape[1]),
      height ?? width,
      lastDim(logits),
      lastDim(embedding),
      fixed(shape[0]),
    );
  }

  /**
   * Throws a clear error when crops of `channels` channels and side `size` do not fit the model's
   * input (a symbolic dimension accepts anything).
   */
  checkInput(channels: number, size: number): void {
    if (this.channels !== null && this.channels !== channels)
      throw new Error(`the model takes ${this.channels} channels, but ${channels} are selected`);
    if (this.size !== null && this.size !== size)
      throw new Error(`the model takes ${this.size} × ${this.size} crops, but the crop size is ${size}`);
  }

  /**
   * Runs `count` crops of `channels` × `size` × `size` float32 values (NCHW, `images` may hold
   * more); returns copies of the logits and, when `withEmbedding`, of the embedding. An empty batch
   * returns empty arrays without running the model.
   */
  async run(
    images: Float32Array,
    count: number,
    channels: number,
    size: number,
    withEmbedding = false,
  ): Promise<CnnOutputs> {
    if (withEmbedding && this.embeddingName === null)
      throw new Error("the model has no embedding output (name it with the embedding option)");
    const length = channels * size * size;
    if (images.length < count * length)
      throw new RangeError(
        `${images.length} values do not hold ${count} crops of ${channels}×${size}×${size}`,
      );
    if (count === 0)
      return {
        logits: new Float32Array(0),
        embedding: withEmbedding ? new Float32Array(0) : null,
      };
    if (this.fixedBatch === null || this.fixedBatch === count)
      return this.runOnce(images, count, channels, size, withEmbedding);
    // A model exported with a fixed batch size B: B crops at a time, the last run padded with zeros.
    const batch = this.fixedBatch;
    const logitParts: Float32Array[] = [];
    const embeddingParts: Float32Array[] = [];
    const padded = new Float32Array(batch * length);
    for (let start = 0; start < count; start += batch) {
      const take = Math.min(batch, count - start);
      padded.fill(0);
      padded.set(images.subarray(start * length, (start + take) * length));
      const part = await this.runOnce(padded, batch, channels, size, withEmbedding);
      logitParts.push(part.logits.subarray(0, (part.logits.length / batch) * take));
      if (part.embedding)
        embeddingParts.push(part.embedding.subarray(0, (part.embedding.length / batch) * take));
    }
    return { logits: concatenate(logitParts), embedding: withEmbedding ? concatenate(embeddingParts) : null };
  }

  private async runOnce(
    images: Float32Array,
    count: number,
    channels: number,
    size: number,
    withEmbedding: boolean,
  ): Promise<CnnOutputs> {
    const data = images.subarray(0, count * channels * size * size);
    const tensor = new this.ort.Tensor("float32", data, [count, channels, size, size]);
    const fetches = withEmbedding ? [this.logitsName, this.embeddingName!] : [this.logitsName];
    const result = await this.session.run({ [this.inputName]: tensor }, fetches);
    const logits = Float32Array.from(result[this.logitsName].data as Float32Array);
    this.classCount ??= logits.length / count;
    let embedding: Float32Array | null = null;
    if (withEmbedding) {
      embedding = Float32Array.from(result[this.embeddingName!].data as Float32Array);
      this.embeddingSize ??= embedding.length / count;
    }
    for (const value of Object.values(result)) value.dispose();
    return { logits, embedding };
  }

  /** Releases the session. */
  async close(): Promise<void> {
    await this.session.release();
  }
}

/**
 * Row-wise softmax of `rows` × `cols` logits in float64 (the maximum is subtracted first, so large
 * logits do not overflow). A row holding NaN gives NaN probabilities; +∞ logits share the mass.
 */
export function softmaxRows(logits: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const at = r * cols;
    let max = Number.NEGATIVE_INFINITY;
    let nan = false;
    for (let k = 0; k < cols; k++) {
      const v = logits[at + k];
      if (Number.isNaN(v)) nan = true;
      else if (v > max) max = v;
    }
    if (nan || cols === 0) {
      out.fill(Number.NaN, at, at + cols);
      continue;
    }
    let total = 0;
    for (let k = 0; k < cols; k++) {
      const v = logits[at + k];
      // exp(∞ − ∞) would be NaN: every +∞ logit gets weight 1, everything else 0.
      const e = max === Number.POSITIVE_INFINITY ? (v === max ? 1 : 0) : Math.exp(v - max);
      out[at + k] = e;
      total += e;
    }
    for (let k = 0; k < cols; k++) out[at + k] /= total;
  }
  return out;
}

function concatenate(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0];
}
