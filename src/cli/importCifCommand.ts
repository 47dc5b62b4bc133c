import type { Command } from "commander";
import { cifImportNameProblem, cifImportPrefix, importCif } from "../io/cif/cifImport.js";
import { createProgress } from "./progress.js";
import { UsageError } from "./usageError.js";

/** `scifai import-cif FILE.cif`: writes the objects of an Amnis .cif file as scifAI .h5 cells. */
export function registerImportCifCommand(program: Command): void {
  program
    .command("import-cif")
    .description(
      "convert an Amnis .cif (or .rif) file into scifAI cell files DATA/E/D/K/<name>_<object>.h5 " +
        "(image uint16 (H, W, C), mask uint8, no label) without IDEAS",
    )
    .argument("<file>", "the .cif file written by the ImageStream/FlowSight instrument or IDEAS")
    .requiredOption("--experiment <name>", "experiment folder name")
    .requiredOption("--donor <name>", "donor folder name")
    .requiredOption("--condition <name>", "condition folder name")
    .requiredOption("-o, --output <folder>", "dataset root (DATA); created when missing")
    .option("--name <prefix>", "cell file-name prefix (default: FILE's name without .cif)")
    .option("--gzip", "store pixels gzip-compressed")
    .option("-q, --quiet", "no progress output")
    .action((file: string, options: ImportCifOptions) => {
      if (/\.daf$/i.test(file)) {
        throw new UsageError(
          `${file}: a .daf file holds IDEAS analyses, not images; pass the .cif it belongs to`,
        );
      }
      const problem = cifImportNameProblem(file, options);
      if (problem) throw new UsageError(problem);
      const progress = createProgress("import-cif", { quiet: options.quiet });
      let summary: ReturnType<typeof importCif>;
      try {
        summary = importCif(file, {
          root: options.output,
          experiment: options.experiment,
          donor: options.donor,
          condition: options.condition,
          name: options.name,
          gzip: options.gzip,
          onProgress: (done, total) => progress.update(done, total),
        });
      } finally {
        progress.stop();
      }
      const { written, errors, folder, metadata } = summary;
      if (errors.length > 0) {
        const numbers = errors.map((e) => e.objectNumber ?? `after ${e.previousObjectNumber ?? "start"}`);
        const shown = numbers.slice(0, 3).join(", ") + (numbers.length > 3 ? ", …" : "");
        throw new Error(
          `${file}: ${errors.length} object(s) could not be read (${shown}; ${errors[0].reason}); ` +
            `${written} cells written to ${folder}`,
        );
      }
      if (!options.quiet) {
        process.stderr.write(
          `${written} cells (${metadata.channelCount} channels: ${metadata.channelNames.join(", ")}) written to ` +
            `${folder} as ${cifImportPrefix(file, options.name)}_<object>.h5\n`,
        );
      }
    });
}

interface ImportCifOptions {
  experiment: string;
  donor: string;
  condition: string;
  output: string;
  name?: string;
  gzip?: boolean;
  quiet?: boolean;
}
