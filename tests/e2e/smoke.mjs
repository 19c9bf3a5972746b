// End-to-end smoke test of the built playground.
//
//   node tests/e2e/smoke.mjs <dist-dir>
//
// Serves <dist-dir> on 127.0.0.1 (a free port) with node's own http module, opens it in
// headless Chromium (Debian's, through playwright-core: never a downloaded browser), runs
// the checks below, and saves a screenshot to web/screenshots/playground.png.
// Exits 1 with a message naming what is missing when a check fails.
//
// Environment: CHROMIUM = path of the browser (default /usr/bin/chromium).
//
// To add a check: write an `async function checkSomething(page)` that throws
// `new CheckError("...")` on failure, and add it to CHECKS.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, "..", "..");
const SCREENSHOT = path.join(REPO_ROOT, "web", "screenshots", "playground.png");
const READY_TIMEOUT_MS = 30_000;
const VIEWPORT = { width: 1280, height: 800 };
const REPLICA_RE = /^[^@]+-\d+@\d+$/;

const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

class CheckError extends Error {}

// ---------------------------------------------------------------------------------------
// Checks. Each takes the page (already showing at least one [data-broker]) and throws a
// CheckError naming what is missing.

async function checkRacks(page) {
  const racks = await page.locator("[data-rack]").count();
  if (racks < 1) throw new CheckError("no [data-rack] element on the page");
  return `${racks} rack(s)`;
}

async function checkBrokersInsideRacks(page) {
  const { total, orphans } = await page.evaluate(() => {
    const brokers = [...document.querySelectorAll("[data-broker]")];
    const orphans = brokers
      .filter((b) => !b.parentElement || !b.parentElement.closest("[data-rack]"))
      .map((b) => b.getAttribute("data-broker"));
    return { total: brokers.length, orphans };
  });
  if (total < 1) throw new CheckError("no [data-broker] element on the page");
  if (orphans.length > 0) {
    throw new CheckError(
      `[data-broker] not inside any [data-rack]: broker id(s) ${orphans.join(", ")}`,
    );
  }
  return `${total} broker(s), all inside a rack`;
}

async function checkReplicaOnItsBroker(page) {
  const replicas = await page.evaluate(() =>
    [...document.querySelectorAll("[data-replica]")].map((r) => {
      const broker = r.closest("[data-broker]");
      return {
        value: r.getAttribute("data-replica"),
        broker: broker ? broker.getAttribute("data-broker") : null,
      };
    }),
  );
  if (replicas.length === 0) throw new CheckError("no [data-replica] element on the page");
  const good = replicas.filter(
    (r) => REPLICA_RE.test(r.value) && r.broker !== null && r.value.split("@").pop() === r.broker,
  );
  if (good.length === 0) {
    const sample = replicas
      .slice(0, 5)
      .map((r) => `"${r.value}" in broker ${r.broker === null ? "(none)" : `"${r.broker}"`}`)
      .join("; ");
    throw new CheckError(
      "no [data-replica] matching <topic>-<partition>@<broker> inside the [data-broker] " +
        `with that id (saw ${replicas.length}: ${sample})`,
    );
  }
  return `${good.length} of ${replicas.length} replica(s) well-formed and on their broker`;
}

const CHECKS = [
  ["racks present", checkRacks],
  ["brokers inside racks", checkBrokersInsideRacks],
  ["replica on its broker", checkReplicaOnItsBroker],
];

// ---------------------------------------------------------------------------------------
// Static file server for the dist directory.

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
  ".woff2": "font/woff2",
};

function serve(root) {
  const server = http.createServer((req, res) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.normalize(path.join(root, urlPath));
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.readFile(file, (err, body) => {
      if (err && urlPath === "/favicon.ico") {
        res.writeHead(204).end(); // browsers ask for it unprompted; don't log a 404 for it
        return;
      }
      if (err) {
        res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${urlPath}`);
        return;
      }
      const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
      res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

// ---------------------------------------------------------------------------------------

function fail(message) {
  console.error(`e2e: FAIL: ${message}`);
  process.exitCode = 1;
}

async function main() {
  const distArg = process.argv[2];
  if (!distArg) {
    console.error("usage: node tests/e2e/smoke.mjs <dist-dir>");
    process.exit(2);
  }
  const dist = path.resolve(distArg);
  if (!fs.existsSync(path.join(dist, "index.html"))) {
    fail(`${path.join(dist, "index.html")} does not exist (build the playground first)`);
    return;
  }
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  if (!fs.existsSync(executablePath)) {
    fail(`Chromium not found at ${executablePath} (set CHROMIUM, or run \`cargo xtask setup\`)`);
    return;
  }

  const server = await serve(dist);
  const url = `http://127.0.0.1:${server.address().port}/`;
  let browser;
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
    const page = await browser.newPage({ viewport: VIEWPORT });

    const consoleErrors = [];
    const pageErrors = [];
    const failedRequests = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
    });
    page.on("pageerror", (err) => pageErrors.push(err.stack || String(err)));
    page.on("response", (res) => {
      if (res.status() >= 400) failedRequests.push(`${res.status()} ${res.url()}`);
    });

    console.log(`e2e: opening ${url} (serving ${dist})`);
    await page.goto(url, { waitUntil: "load" });
    try {
      await page.waitForSelector("[data-broker]", { timeout: READY_TIMEOUT_MS });
    } catch {
      const report = [
        `no [data-broker] element appeared within ${READY_TIMEOUT_MS / 1000}s`,
        ...pageErrors.map((e) => `  page error: ${e}`),
        ...consoleErrors.map((e) => `  console error: ${e}`),
        ...failedRequests.map((e) => `  failed request: ${e}`),
      ];
      await screenshot(page);
      fail(report.join("\n"));
      return;
    }

    let failed = 0;
    for (const [name, check] of CHECKS) {
      try {
        const detail = await check(page);
        console.log(`e2e: ok   ${name}${detail ? `: ${detail}` : ""}`);
      } catch (err) {
        failed += 1;
        const msg = err instanceof CheckError ? err.message : err.stack || String(err);
        console.error(`e2e: FAIL ${name}: ${msg}`);
      }
    }

    await screenshot(page);

    for (const e of consoleErrors) console.error(`e2e: console error: ${e}`);
    for (const e of failedRequests) console.error(`e2e: failed request: ${e}`);
    for (const e of pageErrors) console.error(`e2e: page error: ${e}`);
    const problems = [];
    if (failed > 0) problems.push(`${failed} of ${CHECKS.length} check(s) failed`);
    if (pageErrors.length > 0) problems.push(`${pageErrors.length} uncaught page error(s)`);
    if (problems.length > 0) fail(problems.join("; "));
    else console.log(`e2e: all ${CHECKS.length} checks passed`);
  } finally {
    if (browser) await browser.close();
    server.close();
  }
}

async function screenshot(page) {
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  console.log(`e2e: screenshot saved to ${path.relative(process.cwd(), SCREENSHOT) || SCREENSHOT}`);
}

main().catch((err) => {
  fail(err.stack || String(err));
});
