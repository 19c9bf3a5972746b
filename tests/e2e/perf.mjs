// Front-end performance of the release build, measured in headless Chromium and printed.
//
//   node tests/e2e/perf.mjs <dist-dir>
//
// Prints, one line each (issue #4's targets in brackets):
//   * first render after navigation, median of 5 loads            [≤ 500 ms]
//   * the same in Chinese (?lang=zh-CN): until the page shows Chinese, zh.json fetched after
//     the first render included                                    [≤ 500 ms]
//   * default cluster (6 brokers, 6 partitions RF 3, 100 rec/s) animating at 1×:
//     p95 frame time over 5 s, and main-thread busy time per frame [p95 ≤ 16.7 ms]
//   * 24 brokers in 8 racks, 100 partitions at RF 3, at 1×        [p95 ≤ 33 ms]
//   * CPU while paused, over 5 s                                   [near zero]
//   * release bundle, wasm + js + css (inlined in index.html) gzipped at level 6  [≤ 300 KB]
//   * a docs page with three embeds (iframes): navigation start to all three `ready`
//     messages, and the bytes transferred, with a cold cache and a cacheable server
// It measures; it does not fail on a missed target (these machines are shared and noisy).

import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { distDir, launchChromium, serve } from "./lib.mjs";

const VIEWPORT = { width: 1280, height: 800 };
const SAMPLE_MS = 5_000;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function median(values) {
  return percentile(values, 50);
}

/** A scenario of `brokers` brokers over `racks` racks and one topic, as the perf targets give. */
function bigScenario(brokers, racks, partitions) {
  return JSON.stringify({
    name: `${brokers} brokers in ${racks} racks, ${partitions} partitions at RF 3`,
    seed: 1,
    brokers: Array.from({ length: brokers }, (_, i) => ({ id: i + 1, rack: `r${(i % racks) + 1}` })),
    config: { "min.insync.replicas": 2, "network.latency.ms": 10 },
    topics: [{ name: "orders", partitions, "replication.factor": 3 }],
    actions: [
      { at_ms: 0, produce_rate: { topic: "orders", per_second: 100 } },
      { at_ms: 0, consume: { topic: "orders" } },
    ],
  });
}

/** Main-thread time (script, layout, style) in ms so far, from the DevTools protocol. */
async function busyMs(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  return {
    task: get("TaskDuration") * 1000,
    script: get("ScriptDuration") * 1000,
    layout: (get("LayoutDuration") + get("RecalcStyleDuration")) * 1000,
  };
}

/** Play at 1× for SAMPLE_MS and return frame intervals and main-thread busy time per frame. */
async function animate(page, cdp) {
  await page.evaluate(() => window.scrollTo(0, 0));
  // 0.1× → 1×: three steps up the 1-2-5 ladder.
  for (let i = 0; i < 3; i++) await page.keyboard.press("]");
  const speed = await page.getAttribute("[data-speed]", "data-speed");
  await page.keyboard.press("Space");
  await page.waitForTimeout(500); // warm up
  const before = await busyMs(cdp);
  const intervals = await page.evaluate(
    (ms) =>
      new Promise((resolve) => {
        const out = [];
        let last = performance.now();
        const end = last + ms;
        const tick = (t) => {
          out.push(t - last);
          last = t;
          if (t < end) requestAnimationFrame(tick);
          else resolve(out);
        };
        requestAnimationFrame(tick);
      }),
    SAMPLE_MS,
  );
  const after = await busyMs(cdp);
  await page.keyboard.press("Space");
  const frames = intervals.length;
  const simMs = Number(await page.getAttribute("[data-sim-time-ms]", "data-sim-time-ms"));
  return {
    speed,
    frames,
    p95: percentile(intervals, 95),
    // A frame is late when it comes a refresh or more after the one before (the display's
    // interval is the median; rAF timestamps jitter by a fraction of a millisecond).
    late: intervals.filter((i) => i > 1.5 * median(intervals)).length,
    refresh: median(intervals),
    busyPerFrame: (after.task - before.task) / frames,
    scriptPerFrame: (after.script - before.script) / frames,
    simMs,
  };
}

async function open(browser, url) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  return { page, cdp, errors };
}

function bundleSize(dist) {
  let raw = 0;
  let gzip = 0;
  for (const f of fs.readdirSync(dist)) {
    // index.html carries the CSS (inlined by trunk: one compressed response, no extra requests).
    if (!/\.(wasm|js|css)$/.test(f) && f !== "index.html") continue;
    const body = fs.readFileSync(path.join(dist, f));
    raw += body.length;
    gzip += zlib.gzipSync(body, { level: 6 }).length;
  }
  return { raw, gzip };
}

/** A docs page with three embeds of different scenarios, served at /three-embeds.html. */
const THREE_EMBEDS = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>three embeds</title></head><body>
<script>
  window.ready = [];
  addEventListener("message", (e) => {
    if (e.data?.source === "kafka-replication-playground" && e.data.type === "ready") window.ready.push(performance.now());
  });
</script>
<h1>Three embeds</h1>
${["leader-failover", "acks1-loss", "isr-shrink-and-expand"]
  .map((s) => `<p>Some text.</p><iframe src="index.html?embed&scenario=${s}&speed=0.5" width="100%" height="420" style="border:0" title="Kafka replication playground"></iframe>`)
  .join("\n")}
</body></html>`;

/**
 * Load the three-embeds page in a fresh browser context (cold cache), served with or without
 * caching; median of `runs` of the time from navigation start to the third `ready`, and the
 * bytes the server sent in the first run (uncompressed: the test server does not gzip).
 */
async function threeEmbeds(browser, dist, cache, runs = 3) {
  const server = await serve(dist, { cache, pages: { "/three-embeds.html": THREE_EMBEDS } });
  const url = `http://127.0.0.1:${server.address().port}/`;
  const times = [];
  let bytes = 0;
  // What the server sent (the browser's own accounting counts cache hits as transfers).
  let served = 0;
  server.on("request", (req) => {
    const file = path.join(dist, decodeURIComponent(new URL(req.url, url).pathname));
    if (fs.existsSync(file) && fs.statSync(file).isFile()) served += fs.statSync(file).size;
  });
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: VIEWPORT });
      const page = await context.newPage();
      served = 0;
      await page.goto(`${url}three-embeds.html`);
      await page.waitForFunction(() => window.ready.length === 3, null, { timeout: 60_000 });
      times.push(await page.evaluate(() => Math.max(...window.ready)));
      await page.waitForTimeout(200);
      if (i === 0) bytes = served;
      await context.close();
    }
  } finally {
    server.close();
  }
  return { median: median(times), bytes };
}

async function main() {
  const dist = distDir(process.argv, "usage: node tests/e2e/perf.mjs <dist-dir>");
  const server = await serve(dist);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await launchChromium();
  const rows = [];
  const row = (what, value, target) => {
    rows.push([what, value, target]);
    console.log(`perf: ${what}: ${value} (target ${target})`);
  };
  try {
    const renders = [];
    for (let i = 0; i < 5; i++) {
      const { page } = await open(browser, url);
      renders.push(Number(await page.getAttribute("body", "data-first-render-ms")));
      await page.close();
    }
    row("first render after navigation (median of 5)", `${median(renders).toFixed(0)} ms`, "≤ 500 ms");

    // A Chinese reader: the page renders in English, fetches zh.json, then shows Chinese; an
    // observer notes the moment <html lang> turns zh-CN.
    const chinese = [];
    for (let i = 0; i < 5; i++) {
      const page = await browser.newPage({ viewport: VIEWPORT });
      await page.addInitScript(() => {
        // On the document: the init script runs before <html> is parsed.
        new MutationObserver(() => {
          if (document.documentElement?.lang === "zh-CN") window.chineseAt ??= performance.now();
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ["lang"] });
      });
      await page.goto(`${url}?lang=zh-CN`, { waitUntil: "load" });
      await page.waitForFunction(() => window.chineseAt !== undefined, null, { timeout: 30_000 });
      const fetched = await page.evaluate(() =>
        performance.getEntriesByType("resource").some((r) => new URL(r.name).pathname.endsWith("/zh.json")),
      );
      if (!fetched) throw new Error("the Chinese page showed Chinese without fetching zh.json");
      chinese.push(await page.evaluate(() => window.chineseAt));
      await page.close();
    }
    row("first render in Chinese, zh.json fetched after it (median of 5)", `${median(chinese).toFixed(0)} ms`, "≤ 500 ms");

    const normal = await open(browser, url);
    const a = await animate(normal.page, normal.cdp);
    row(
      `default cluster at ${a.speed}×, p95 frame time over ${a.frames} frames`,
      `${a.p95.toFixed(1)} ms, ${a.late} frame(s) late at a ${a.refresh.toFixed(1)} ms refresh (main thread busy ${a.busyPerFrame.toFixed(2)} ms/frame, script ${a.scriptPerFrame.toFixed(2)})`,
      "≤ 16.7 ms",
    );
    await normal.page.waitForTimeout(1000);
    const p0 = await busyMs(normal.cdp);
    await normal.page.waitForTimeout(SAMPLE_MS);
    const p1 = await busyMs(normal.cdp);
    row("CPU while paused", `${((p1.task - p0.task) / (SAMPLE_MS / 1000)).toFixed(1)} ms per second`, "near zero");
    if (normal.errors.length) throw new Error(`page errors: ${normal.errors.join("; ")}`);
    await normal.page.close();

    const big = await open(browser, url);
    const file = path.join(fs.mkdtempSync("/tmp/perf-"), "big.json");
    fs.writeFileSync(file, bigScenario(24, 8, 100));
    await big.page.setInputFiles("[data-action='file-input']", file);
    await big.page.waitForFunction(() => document.querySelectorAll("[data-broker]").length === 24);
    const replicas = await big.page.locator("[data-replica]").count();
    const b = await animate(big.page, big.cdp);
    row(
      `24 brokers / 8 racks / ${replicas / 3} partitions RF 3 at ${b.speed}×, p95 frame time over ${b.frames} frames`,
      `${b.p95.toFixed(1)} ms, ${b.late} frame(s) late at a ${b.refresh.toFixed(1)} ms refresh (main thread busy ${b.busyPerFrame.toFixed(2)} ms/frame)`,
      "≤ 33 ms",
    );
    if (big.errors.length) throw new Error(`page errors: ${big.errors.join("; ")}`);

    // Time travel: open the default cluster one simulated hour in (`?t=`), then seek.
    const hourStart = Date.now();
    const hour = await open(browser, `${url}?t=3600000`);
    const computeS = (Date.now() - hourStart) / 1000;
    const seeks = await hour.page.evaluate(async () => {
      const bar = document.querySelector(".timeline-bar");
      bar.scrollIntoView();
      const r = bar.getBoundingClientRect();
      const out = [];
      let seed = 7;
      for (let i = 0; i < 30; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        const x = r.left + 1 + ((seed % 1000) / 1000) * (r.width - 2);
        const opts = { clientX: x, clientY: r.top + r.height / 2, bubbles: true, pointerId: 1 };
        const t0 = performance.now();
        bar.dispatchEvent(new PointerEvent("pointerdown", opts));
        bar.dispatchEvent(new PointerEvent("pointerup", opts));
        // Rendered by the next frame: the time includes waiting for it.
        await new Promise((resolve) => requestAnimationFrame(() => resolve()));
        out.push(performance.now() - t0);
      }
      return out;
    });
    row(
      `seek in a one-hour run of the default cluster (${seeks.length} random seeks, until the next frame)`,
      `median ${median(seeks).toFixed(0)} ms, p95 ${percentile(seeks, 95).toFixed(0)} ms, max ${Math.max(...seeks).toFixed(0)} ms; computing the hour took ${computeS.toFixed(1)} s`,
      "≤ 100 ms",
    );
    await hour.page.close();

    const size = bundleSize(dist);
    // KB = 1000 bytes, as `cargo xtask size` counts (the stricter reading of the target).
    row("release bundle (wasm + js + index.html with its css)", `${(size.gzip / 1000).toFixed(1)} KB gzipped (${(size.raw / 1000).toFixed(0)} KB raw)`, "≤ 300 KB");

    for (const cache of [false, true]) {
      const t = await threeEmbeds(browser, dist, cache);
      row(
        `docs page with three embeds, ${cache ? "cacheable server" : "no-store server"} (navigation start → all three ready, median of 3 cold loads)`,
        `${t.median.toFixed(0)} ms; the server sent ${(t.bytes / 1000).toFixed(0)} KB (uncompressed)`,
        "bundle ≤ 300 KB gzipped, fetched once",
      );
    }
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((err) => {
  console.error(`perf: FAIL: ${err.stack || err}`);
  process.exitCode = 1;
});
