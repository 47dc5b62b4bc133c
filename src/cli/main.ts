#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { registerAnalyzeCommand } from "./analyzeCommand.js";
import { registerCleanCommand } from "./cleanCommand.js";
import { registerDemoCommand } from "./demoCommand.js";
import { registerEvaluateCommand } from "./evaluateCommand.js";
import { registerExplainCommand } from "./explainCommand.js";
import { registerExportCropsCommand } from "./exportCropsCommand.js";
import { registerExtractCommand } from "./extractCommand.js";
import { registerImportCifCommand } from "./importCifCommand.js";
import { registerMergeCommand } from "./mergeCommand.js";
import { registerMetadataCommand } from "./metadataCommand.js";
import { registerPredictCnnCommand } from "./predictCnnCommand.js";
import { registerPredictCommand } from "./predictCommand.js";
import { registerServeCommand } from "./serveCommand.js";
import { registerSynthCommand } from "./synthCommand.js";
import { registerTrainCommand } from "./trainCommand.js";
import { UsageError } from "./usageError.js";

/** Builds the `scifai` command line with every command registered. */
export function buildProgram(): Command {
  const program = new Command("scifai")
    .description("Imaging flow cytometry: scan cells, extract scifAI features, train, explain and analyse")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerAnalyzeCommand(program);
  registerCleanCommand(program);
  registerDemoCommand(program);
  registerEvaluateCommand(program);
  registerExplainCommand(program);
  registerExportCropsCommand(program);
  registerExtractCommand(program);
  registerImportCifCommand(program);
  registerMergeCommand(program);
  registerMetadataCommand(program);
  registerPredictCommand(program);
  registerPredictCnnCommand(program);
  registerServeCommand(program);
  registerSynthCommand(program);
  registerTrainCommand(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI; resolves to the process exit code (0 success, 1 failure, 2 usage error). */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.exitCode === 0
      ) {
        return 0;
      }
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`scifai: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`scifai: ${message.split("\n")[0]}\n`);
    if (process.env.SCIFAI_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

const invokedDirectly =
  process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
