// Copies the front-end packages installed from package-lock.json into build/static/vendor,
// and the project's own static files from tongket/ui/static. Run by `npm run build`.
import { cpSync, mkdirSync, rmSync, existsSync } from "node:fs";
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
  "echarts/echarts.min.js": "echarts/dist/echarts.min.js",
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
console.log(`assets copied to ${out}`);
