import type { Command } from "commander";
import { generateToken, isLoopback } from "../serve/accessControl.js";
import { startViewer } from "../serve/viewerServer.js";
import { parseInteger, UsageError } from "./usageError.js";

interface ServeCommandOptions {
  port: number;
  host: string;
  token?: string;
  user?: string;
}

/** `scifai serve RESULTS_DIR`: the cell viewer over the results of `scifai analyze`. */
export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description(
      "browse the cells of an analyze results folder in a local web page: gallery, scatter plot, SHAP, relabelling",
    )
    .argument("<results>", "results folder written by scifai analyze")
    .option("--port <n>", "port (0 picks a free one)", parseInteger("--port"), 8765)
    .option(
      "--host <address>",
      "address to bind; anything but 127.0.0.1/localhost/::1 requires a token (generated when --token is absent)",
      "127.0.0.1",
    )
    .option(
      "--token <token>",
      "require this token on every request (?token=, X-Scifai-Token header or cookie)",
    )
    .option("--user <name>", "name recorded with relabelled cells (default: the OS user)")
    .action(async (results: string, options: ServeCommandOptions) => {
      if (options.port > 65535) throw new UsageError(`--port must be at most 65535, got ${options.port}`);
      if (options.token !== undefined && !/^[A-Za-z0-9_\-.~]{16,200}$/.test(options.token))
        throw new UsageError("--token must be 16 to 200 URL-safe characters (letters, digits, -._~)");
      const token = options.token ?? (isLoopback(options.host) ? null : generateToken());
      const started = performance.now();
      const viewer = await startViewer({
        results,
        host: options.host,
        port: options.port,
        token,
        user: options.user,
      });
      process.stdout.write(
        `scifai viewer: ${viewer.store.rows} cells from ${viewer.store.root} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)\n` +
          `open ${viewer.url}\n` +
          `labels go to ${viewer.store.root}/labels.sidecar.csv; press Ctrl+C to stop\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          viewer.close().then(resolve, resolve);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });
}
