import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Path of the compiled JavaScript of a worker module that sits next to `callerUrl`. When the
 * caller runs from TypeScript sources (tests), the compiled copy under `dist/` is used, because
 * worker threads cannot load `.ts` files; run `npm run build` first in that case.
 */
export function workerScriptPath(callerUrl: string, moduleName: string): string {
  const sibling = fileURLToPath(new URL(`./${moduleName}.js`, callerUrl));
  if (existsSync(sibling)) return sibling;
  const compiled = sibling.replace(/([\\/])src([\\/])/, "$1dist$1src$2");
  if (existsSync(compiled)) return compiled;
  throw new Error(`worker script ${moduleName}.js not found next to ${callerUrl}; run 'npm run build' first`);
}
