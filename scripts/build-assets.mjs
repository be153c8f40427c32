// Copies the front-end packages installed from package-lock.json into build/static/vendor,
// and the project's own static files from tongket/ui/static. Run by `npm run build`.
// ECharts is not copied whole (1 MB) but bundled by esbuild with only what the pages use
// (scripts/echarts.mjs).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static", "vendor");
const nm = join(root, "node_modules");

const files = {
  "bootstrap/bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
  "bootstrap/bootstrap.bundle.min.js": "bootstrap/dist/js/bootstrap.bundle.min.js",
  "bootstrap-icons/bootstrap-icons.min.css": "bootstrap-icons/font/bootstrap-icons.min.css",
  "bootstrap-icons/fonts": "bootstrap-icons/font/fonts",
  "htmx/htmx.min.js": "htmx.org/dist/htmx.min.js",
  "swagger-ui/swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
  "swagger-ui/swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
  "swagger-ui/swagger-ui-standalone-preset.js": "swagger-ui-dist/swagger-ui-standalone-preset.js",
};

rmSync(out, { recursive: true, force: true });
for (const [target, source] of Object.entries(files)) {
  const from = join(nm, source);
  if (!existsSync(from)) {
    console.error(`missing ${source}: run "npm ci" first`);
    process.exit(1);
  }
  const to = join(out, target);
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true });
  // Source maps the minified files point at (the static manifest checks every reference).
  if (existsSync(`${from}.map`)) { cpSync(`${from}.map`, `${to}.map`); }
}
const { build } = await import("esbuild");
const echartsVersion = JSON.parse(readFileSync(join(nm, "echarts", "package.json"))).version;
await build({
  entryPoints: [join(root, "scripts", "echarts.mjs")],
  outfile: join(out, "echarts", "echarts.min.js"),
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2017",
  // ECharts' development checks and warnings left out, as in its own minified build.
  define: { "process.env.NODE_ENV": '"production"' },
  // ECharts' source files carry their Apache-2.0 header in plain comments, which esbuild
  // drops: it is restated once on top; zrender's and tslib's notices are kept at the end.
  banner: {
    js: `/*! Apache ECharts ${echartsVersion}, the parts Tong Ket uses (scripts/echarts.mjs). ` +
      "Licensed to the Apache Software Foundation (ASF) under the Apache License, Version 2.0: " +
      "http://www.apache.org/licenses/LICENSE-2.0 */",
  },
  legalComments: "eof",
  logLevel: "warning",
});
console.log(`assets copied to ${out}`);
