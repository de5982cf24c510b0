// Imports TypeScript modules of web/src into a node test without a browser: esbuild (Vite's)
// bundles a few export lines at test time and the result is imported from memory.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const WEB = join(dirname(fileURLToPath(import.meta.url)), "..");

/** `contents` is module text such as `export { csvCell } from "./src/lib/csv.ts";`, resolved from web/. */
export async function importTs(contents) {
  const out = await build({
    stdin: { contents, resolveDir: WEB, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return import("data:text/javascript;base64," + Buffer.from(out.outputFiles[0].text).toString("base64"));
}
