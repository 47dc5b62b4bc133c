import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // h5wasm and DuckDB hold native/wasm state: separate processes keep them isolated.
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
