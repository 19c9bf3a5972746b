// Trunk's post-build hook (Trunk.toml): minify wasm-bindgen's JS glue in release builds.
//
// Trunk's own JS minifier cannot parse the glue's `export { initSync, __wbg_init as default }`:
// it warns and ships the file as written. terser (pinned in package.json, installed by
// `cargo xtask setup`) reads it. Debug builds (`trunk serve`) are left readable. Trunk has
// already written the file's subresource-integrity digest into the HTML, so the digest is
// replaced there too (else the browser blocks the script).
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

if (process.env.TRUNK_PROFILE !== "release") process.exit(0);
const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("minify-js.mjs runs as trunk's post_build hook (TRUNK_STAGING_DIR is not set)");
  process.exit(1);
}
let minify;
try {
  ({ minify } = await import("terser"));
} catch {
  console.error("terser is not installed in tests/e2e: run `cargo xtask setup` first");
  process.exit(1);
}
const files = await readdir(dir);
const glue = files.filter((f) => /^replication-playground-.*\.js$/.test(f));
const pages = files.filter((f) => f.endsWith(".html"));
// Trunk writes sha384 unless told otherwise (`data-integrity`); any of SRI's three is replaced.
const digests = (text) => ["sha256", "sha384", "sha512"].map((a) => createHash(a).update(text).digest("base64"));
if (glue.length === 0) {
  console.error(`no wasm-bindgen glue (replication-playground-*.js) in ${dir}`);
  process.exit(1);
}
for (const name of glue) {
  const file = path.join(dir, name);
  const source = await readFile(file, "utf8");
  const { code } = await minify(source, { module: true, compress: true, mangle: true });
  await writeFile(file, code);
  const [before, after] = [digests(source), digests(code)];
  let updated = 0;
  for (const page of pages) {
    const html = await readFile(path.join(dir, page), "utf8");
    let next = html;
    before.forEach((digest, i) => (next = next.replaceAll(digest, after[i])));
    if (next !== html) {
      await writeFile(path.join(dir, page), next);
      updated += 1;
    } else if (html.includes(name) && /integrity=/.test(html)) {
      // The page checks some digest of the file but none of the ones it had: the browser
      // would block the minified script.
      console.error(`${page} has an integrity digest for ${name} that minify-js.mjs cannot match`);
      process.exit(1);
    }
  }
  console.log(`minified ${name}: ${source.length} → ${code.length} bytes; integrity updated in ${updated} page(s)`);
}
