// Check of the docs site built by `cargo xtask docs`.
//
//   node tests/e2e/docs.mjs <site-dir>     (default layout: <site-dir>/docs/*.html, with the
//                                            playground at <site-dir>/index.html)
//
// Opens every page of <site-dir>/docs in headless Chromium (Debian's, through playwright-core)
// and, for every embedded playground: it renders (its document has body[data-ready] and
// [data-broker] elements, and its lesson panel shows the step the page links to), it shows the
// page's language (a Chinese page's embeds turn Chinese once zh.json has arrived, with no
// problem listed), and it fits its frame (the embedded page's scroll width is at most its
// client width + 1).
// Exits 1 naming every page and embed that failed.
//
// Environment: CHROMIUM = path of the browser (default /usr/bin/chromium).

import fs from "node:fs";
import path from "node:path";
import { WAIT_MS, animationFrames, launchChromium, serve } from "./lib.mjs";

const READY_TIMEOUT_MS = WAIT_MS;
const VIEWPORT = { width: 1280, height: 900 };
/// Pages checked at once (each embed compiles the wasm; two cores).
const PARALLEL = 2;

const siteArg = process.argv[2];
if (!siteArg) {
  console.error("usage: node tests/e2e/docs.mjs <site-dir>");
  process.exit(2);
}
const site = path.resolve(siteArg);
const docsDir = path.join(site, "docs");
if (!fs.existsSync(path.join(site, "index.html")) || !fs.existsSync(path.join(docsDir, "index.html"))) {
  console.error(`${site} holds no docs site (run \`cargo xtask docs\` first)`);
  process.exit(2);
}
const pages = fs.readdirSync(docsDir).filter((f) => f.endsWith(".html")).sort();

/** Check one embed; returns a problem or null. */
async function checkEmbed(page, index) {
  const iframe = page.locator("iframe").nth(index);
  const src = await iframe.getAttribute("src");
  await iframe.scrollIntoViewIfNeeded();
  const frame = page.frameLocator("iframe").nth(index);
  try {
    await frame.locator("body[data-ready]").waitFor({ state: "attached", timeout: READY_TIMEOUT_MS });
    await frame.locator("[data-broker]").first().waitFor({ state: "attached", timeout: READY_TIMEOUT_MS });
  } catch {
    return `${src}: did not render (no body[data-ready] with [data-broker])`;
  }
  const lang = new URLSearchParams(src.split("?")[1]).get("lang") === "zh" ? "zh-CN" : "en";
  try {
    await frame.locator(`.app[lang='${lang}']`).waitFor({ state: "attached", timeout: READY_TIMEOUT_MS });
  } catch {
    const errors = await frame.locator("[data-error]").allTextContents();
    return `${src}: does not show ${lang}${errors.length ? `: ${errors.join("; ")}` : ""}`;
  }
  if (lang === "zh-CN") {
    const back = await frame.locator("[data-action='lesson-back']").textContent();
    if (!back.includes("上一步")) return `${src}: the lesson panel is not in Chinese ("${back}")`;
  }
  if ((await frame.locator("[data-errors]").count()) > 0) {
    return `${src}: lists problems: ${(await frame.locator("[data-error]").allTextContents()).join("; ")}`;
  }
  const step = new URLSearchParams(src.split("?")[1]).get("step");
  const shown = await frame.locator("[data-lesson-step]").getAttribute("data-lesson-step").catch(() => null);
  if (step && shown !== step) return `${src}: the lesson panel shows step ${shown}, not ${step}`;
  // The frames after the first render have run (the layout it measures, then keeps).
  await animationFrames(frame.locator("html"), 2);
  const size = await frame.locator("html").evaluate((html) => ({
    scroll: html.scrollWidth,
    client: html.clientWidth,
  }));
  if (size.scroll > size.client + 1) {
    return `${src}: content is ${size.scroll}px wide in a ${size.client}px frame`;
  }
  return null;
}

async function checkPage(browser, base, name) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  page.setDefaultTimeout(WAIT_MS);
  const errors = [];
  page.on("pageerror", (e) => errors.push(`${name}: ${e.message}`));
  await page.goto(`${base}/docs/${name}`);
  const count = await page.locator("iframe").count();
  const problems = [];
  for (let i = 0; i < count; i++) {
    const problem = await checkEmbed(page, i);
    if (problem) problems.push(`${name}: ${problem}`);
  }
  if (!name.startsWith("index") && count === 0) problems.push(`${name}: no embedded playground`);
  await page.close();
  return { count, problems: problems.concat(errors) };
}

const started = Date.now();
const server = await serve(site);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
let embeds = 0;
const problems = [];
try {
  const queue = [...pages];
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let name = queue.shift(); name; name = queue.shift()) {
        const result = await checkPage(browser, base, name);
        embeds += result.count;
        problems.push(...result.problems);
        console.log(`${result.problems.length ? "FAIL" : "ok  "} ${name} (${result.count} embeds)`);
      }
    }),
  );
} finally {
  await browser.close();
  server.close();
}
const secs = ((Date.now() - started) / 1000).toFixed(1);
if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n${problems.join("\n")}`);
  process.exit(1);
}
console.log(`docs: ${pages.length} pages, ${embeds} embeds, all render and fit (${secs} s)`);
