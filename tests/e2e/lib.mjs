// Shared by the end-to-end scripts: a static server for dist/ and a headless Debian Chromium
// through playwright-core (never a downloaded browser).

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
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

/** The browser at $CHROMIUM (default /usr/bin/chromium), or an error naming what is missing. */
export async function launchChromium() {
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath} (set CHROMIUM, or run \`cargo xtask setup\`)`);
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** The dist directory from argv, checked to hold a build. */
export function distDir(argv, usage) {
  const distArg = argv[2];
  if (!distArg) {
    console.error(usage);
    process.exit(2);
  }
  const dist = path.resolve(distArg);
  if (!fs.existsSync(path.join(dist, "index.html"))) {
    throw new Error(`${path.join(dist, "index.html")} does not exist (build the playground first)`);
  }
  return dist;
}

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

/**
 * Serve `root` on 127.0.0.1 at a free port. Responses are `no-store` unless `cache` is set
 * (then cacheable for an hour, as a static host would serve the build's hashed files).
 * `pages` adds HTML pages by path (`{"/three-embeds.html": "<!DOCTYPE html>…"}`).
 */
export function serve(root, { cache = false, pages = {} } = {}) {
  const server = http.createServer((req, res) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (Object.hasOwn(pages, urlPath)) {
      res.writeHead(200, { "content-type": CONTENT_TYPES[".html"], "cache-control": "no-store" }).end(pages[urlPath]);
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
      res.writeHead(200, { "content-type": type, "content-length": body.length, "cache-control": cache ? "max-age=3600" : "no-store" }).end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}


// ---------------------------------------------------------------------------------------
// Waiting. A check never sleeps a fixed time before it looks: it waits for what it checks,
// with a generous limit (a busy 2-core machine can stall the page for seconds), and fails
// naming what it waited for.

/** How long a wait lasts before the check fails. */
export const WAIT_MS = 60_000;
/** How often `poll` looks again. */
const POLL_MS = 50;

/** A check that failed: its message says what is wrong (no stack trace needed). */
export class CheckError extends Error {}

/** Throw a CheckError with `message` unless `condition` holds. */
export function check(condition, message) {
  if (!condition) throw new CheckError(message);
}

/**
 * Wait until `probe()` (run here, in node; it may read the page through locators) returns a
 * truthy value, and return that value. On time out, fail naming `what` and, if `seen` is
 * given, what `seen()` says the page showed last.
 */
export async function poll(what, probe, { timeout = WAIT_MS, seen } = {}) {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - start > timeout) {
      const last = seen ? ` (last seen: ${await seen()})` : "";
      throw new CheckError(`waited ${timeout / 1000} s for ${what}${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Move the mouse (a button may be held) to the middle of `locator` until `probe` holds,
 * scrolling it into view and measuring it again before every move: the page can scroll or
 * shift between measuring and moving (a reload restores the scroll position late on a busy
 * machine), and a pointer left beside its target would wait forever.
 */
export async function hoverUntil(page, what, locator, probe, { timeout = WAIT_MS, seen } = {}) {
  let at = null;
  const under = () =>
    at
      ? page.evaluate(([x, y]) => {
          const el = document.elementFromPoint(x, y);
          const card = el && el.closest("[data-broker]");
          const name = el ? `<${el.tagName.toLowerCase()} class="${el.className}">` : "nothing";
          return `${name} at (${x}, ${y})${card ? ` in broker ${card.dataset.broker} (${card.className})` : ""}`;
        }, at)
      : "the target was never measured";
  return poll(
    what,
    async () => {
      // A reload restores the old scroll position whenever it gets to it, maybe mid-drag.
      await locator.scrollIntoViewIfNeeded({ timeout: 1000 }).catch(() => {});
      const box = await locator.boundingBox({ timeout: 1000 }).catch(() => null);
      if (box) {
        at = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];
        await page.mouse.move(at[0], at[1], { steps: 3 });
      }
      return probe();
    },
    { timeout, seen: async () => `${seen ? `${await seen()}; ` : ""}under the pointer: ${await under()}` },
  );
}

/** Wait until `predicate(arg)`, run in `page` (or a frame), holds; fail naming `what`. */
export async function waitInPage(page, what, predicate, arg, timeout = WAIT_MS) {
  try {
    return await page.waitForFunction(predicate, arg, { timeout });
  } catch (err) {
    if (err.name !== "TimeoutError") throw err;
    throw new CheckError(`waited ${timeout / 1000} s for ${what}`);
  }
}

/**
 * Wait until `target` (a page, a frame or a locator: anything with `evaluate`) has drawn `n`
 * more frames: an anchor for checking that something did not happen, since whatever the
 * page does once a frame (the playground's clock, a resize) has had its turn by then.
 */
export function animationFrames(target, n = 2) {
  // A locator's evaluate passes its element first, a page's or frame's only the argument.
  return target.evaluate(
    (...args) =>
      new Promise((resolve) => {
        let left = args.at(-1);
        const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    n,
  );
}
