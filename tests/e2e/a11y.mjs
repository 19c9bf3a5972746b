// Accessibility, reduced motion and phones, end to end against the release build:
//
//   node tests/e2e/a11y.mjs <dist-dir>
//
// - axe-core (tests/e2e/node_modules/axe-core) finds no violation, whatever its impact, on the
//   playground (as it opens, after a failover, and on every side tab), an embed and a lesson
//   step, in English and Chinese, in the light and the dark colour scheme;
// - a skip link reaches the side panels, whose tabs follow WAI-ARIA's tabs pattern (one Tab
//   stop, arrow keys, Home, End);
// - with `prefers-reduced-motion: reduce` (from the start, or turned on while the page is open)
//   no message moves while the run plays (and without it they do, so the check can tell);
// - at 375×812 with touch: no sideways scroll, the side panels in view, every visible target at
//   least 24×24 CSS px, the clients node on few lines, and a replica dragged with a finger (real
//   touch events) onto another broker starts a reassignment.
//
// Exits 1 naming what is wrong when a check fails.
// Environment: CHROMIUM = path of the browser (default /usr/bin/chromium).

import { createRequire } from "node:module";
import { CheckError, WAIT_MS, check, distDir, launchChromium, serve } from "./lib.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const LANGS = ["en", "zh-CN"];
const PAGES = [
  ["playground", ""],
  ["embed", "?embed&scenario=leader-failover&panels=partition,log"],
  ["lesson", "?lesson=hw-leo&step=1"],
];

/** Open `query` (plus `lang=`) and wait until the page shows its cluster in that language. */
async function open(page, url, query, lang) {
  const sep = query ? "&" : "?";
  await page.goto(`${url}${query}${sep}lang=${lang}`);
  // Chinese switches on once zh.json has arrived.
  await page.waitForSelector(`.app[lang='${lang}'] [data-broker]`, { timeout: WAIT_MS });
  if (query.includes("lesson=")) await page.waitForSelector("[data-lesson-step]", { timeout: WAIT_MS });
}

/** axe-core on the page (or inside `include`): its violations of any impact, in words. */
async function axe(page, include) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((include) => window.axe.run(include ? { include: [include] } : document, { resultTypes: ["violations"] }), include ?? null);
  return result.violations
    .map((v) => {
      const where = v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}${n.any[0]?.message ? ` (${n.any[0].message})` : ""}`);
      return `${v.impact} ${v.id} ×${v.nodes.length}: ${where.join("; ")}`;
    });
}

// ---------------------------------------------------------------------------------------
// axe on the three pages, both languages, both colour schemes.

async function checkAxe(browser, url) {
  const problems = [];
  let runs = 0;
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: DESKTOP, colorScheme });
    const page = await context.newPage();
    try {
      for (const lang of LANGS) {
        for (const [name, query] of PAGES) {
          await open(page, url, query, lang);
          runs += 1;
          for (const p of await axe(page)) problems.push(`${name} ${lang} ${colorScheme}: ${p}`);
        }
        // The playground after a failover: a crashed broker's replicas offline, waits, reasons.
        await open(page, url, "", lang);
        await failover(page);
        runs += 1;
        for (const p of await axe(page)) problems.push(`playground after a crash ${lang} ${colorScheme}: ${p}`);
        // Every side panel.
        const tabs = page.locator("[role=tab]");
        for (let i = 0; i < (await tabs.count()); i++) {
          await tabs.nth(i).click();
          await page.waitForSelector(`[role=tabpanel][aria-labelledby='${await tabs.nth(i).getAttribute("id")}']`);
          runs += 1;
          for (const p of await axe(page, ".side")) problems.push(`tab ${i + 1} after a crash ${lang} ${colorScheme}: ${p}`);
        }
      }
    } finally {
      await context.close();
    }
  }
  check(problems.length === 0, `axe found problems:\n  ${problems.join("\n  ")}`);
  return `${runs} axe runs, no violation`;
}

/** Crash orders-0's leader (broker 1) and play fast until another broker leads it; pause. */
async function failover(page) {
  await page.locator("[data-broker='1'] [data-action='crash']").click();
  await page.locator("input[data-action='speed']").evaluate((el) => {
    el.value = el.max;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await page.keyboard.press("Space");
  await page.waitForFunction(
    () => {
      const leader = document.querySelector("[data-replica^='orders-0@'][data-role='leader']");
      return leader && !leader.dataset.replica.endsWith("@1");
    },
    null,
    { timeout: WAIT_MS },
  );
  await page.locator("[data-action='play-pause']").click();
  await page.waitForSelector("[data-action='play-pause'][data-playing='false']");
}

// ---------------------------------------------------------------------------------------
// Keyboard: a skip link to the panels, and the tabs pattern.

const focused = (page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return { role: a.getAttribute("role"), id: a.id, text: a.textContent.trim(), cls: a.className };
  });

async function checkSkipLinkAndTabs(browser, url) {
  const page = await browser.newPage({ viewport: DESKTOP });
  try {
    await open(page, url, "", "en");
    await page.keyboard.press("Tab");
    check((await focused(page)).cls === "skip-link", `the first Tab stop is ${JSON.stringify(await focused(page))}, not a skip link`);
    let presses = 1;
    while ((await focused(page)).text !== "Skip to the panels") {
      check(++presses <= 3, "no \"Skip to the panels\" link among the first Tab stops");
      await page.keyboard.press("Tab");
    }
    check(await page.locator(".skip-link:focus").isVisible(), "the focused skip link is not visible");
    await page.keyboard.press("Enter");
    check((await focused(page)).id === "panels", `Enter on the skip link focused ${JSON.stringify(await focused(page))}`);
    while ((await focused(page)).role !== "tab") {
      check(++presses <= 20, `Tab did not reach the side tabs within 20 presses after the skip link`);
      await page.keyboard.press("Tab");
    }
    const tabs = await page.locator("[role=tab]").evaluateAll((ts) => ts.map((t) => t.id));
    const state = () =>
      page.evaluate(() => ({
        focus: document.activeElement.id,
        selected: [...document.querySelectorAll("[role=tab][aria-selected=true]")].map((t) => t.id),
        stops: [...document.querySelectorAll("[role=tab]")].filter((t) => t.tabIndex === 0).map((t) => t.id),
        panel: document.querySelector("[role=tabpanel]")?.getAttribute("aria-labelledby"),
        controls: [...new Set([...document.querySelectorAll("[role=tab]")].map((t) => t.getAttribute("aria-controls")))],
        panelId: document.querySelector("[role=tabpanel]")?.id,
      }));
    const expect = async (key, index) => {
      await page.keyboard.press(key);
      const want = tabs[index];
      await page.waitForFunction((want) => document.querySelector("[role=tabpanel]")?.getAttribute("aria-labelledby") === want, want);
      const s = await state();
      check(
        s.focus === want && s.selected.join() === want && s.stops.join() === want && s.panel === want,
        `${key}: expected tab ${index + 1} (${want}) focused, selected, the one Tab stop and labelling the panel; saw ${JSON.stringify(s)}`,
      );
      check(s.controls.length === 1 && s.controls[0] === s.panelId, `tabs control ${s.controls}, the panel is #${s.panelId}`);
    };
    check((await state()).focus === tabs[0], `Tab reached ${(await state()).focus}, not the selected first tab`);
    await expect("ArrowRight", 1);
    await expect("ArrowRight", 2);
    await expect("ArrowLeft", 1);
    await expect("End", tabs.length - 1);
    await expect("ArrowRight", 0);
    await expect("ArrowLeft", tabs.length - 1);
    await expect("Home", 0);
    // One Tab stop: Tab leaves the tab list for the panel.
    await page.keyboard.press("Tab");
    const after = await page.evaluate(() => ({ role: document.activeElement.getAttribute("role"), inPanel: Boolean(document.activeElement.closest("[role=tabpanel]")) }));
    check(after.role !== "tab" && after.inPanel, `Tab from the selected tab went to ${JSON.stringify(after)}, not into the panel`);
    return `${presses} Tab presses from the page's start to the side tabs (with the skip link); arrows, Home and End follow the pattern`;
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------
// Reduced motion.

/**
 * Play, then watch `frames` animation frames: for every message seen in two frames in a row
 * (known by its kind and its title, which names what it carries and its route), whether it
 * moved more than 2 px. Messages whose title is not unique in a frame are left out.
 */
async function watchMessages(page, frames) {
  await page.keyboard.press("Space");
  await page.waitForSelector("[data-message]", { state: "attached", timeout: WAIT_MS });
  const seen = await page.evaluate(
    (frames) =>
      new Promise((resolve) => {
        const snap = () => {
          const at = new Map();
          const dup = new Set();
          for (const g of document.querySelectorAll("g[data-message]")) {
            const key = `${g.dataset.message}|${g.querySelector("title")?.textContent}`;
            if (at.has(key)) dup.add(key);
            at.set(key, g.querySelector("g[transform]")?.getAttribute("transform"));
          }
          for (const k of dup) at.delete(k);
          return at;
        };
        // A standing message keeps its place on its link, and the link's end follows its node,
        // which can shift by a pixel when a counter on it grows a digit: that is not motion.
        const xy = (t) => (t || "").match(/translate\(([-\d.]+)[ ,]+([-\d.]+)\)/)?.slice(1).map(Number);
        const far = (a, b) => {
          const [p, q] = [xy(a), xy(b)];
          return !p || !q ? a !== b : Math.hypot(p[0] - q[0], p[1] - q[1]) > 2;
        };
        const time = () => Number(document.querySelector("[data-sim-time-ms]").dataset.simTimeMs);
        const start = time();
        let prev = snap();
        let compared = 0;
        const moved = [];
        let left = frames;
        const tick = () => {
          const now = snap();
          for (const [k, pos] of now) {
            if (!prev.has(k)) continue;
            compared += 1;
            if (far(prev.get(k), pos)) moved.push(`${k}: ${prev.get(k)} → ${pos}`);
          }
          prev = now;
          if (--left > 0) requestAnimationFrame(tick);
          else resolve({ compared, moved, advanced: time() - start });
        };
        requestAnimationFrame(tick);
      }),
    frames,
  );
  await page.keyboard.press("Space");
  return seen;
}

async function checkReducedMotion(browser, url) {
  const out = [];
  for (const reducedMotion of ["no-preference", "reduce"]) {
    const context = await browser.newContext({ viewport: DESKTOP, reducedMotion });
    const page = await context.newPage();
    try {
      await open(page, url, "", "en");
      const seen = await watchMessages(page, 60);
      check(seen.advanced > 0, `${reducedMotion}: the clock did not move while playing`);
      check(seen.compared > 0, `${reducedMotion}: no message was on screen in two frames in a row`);
      if (reducedMotion === "reduce") {
        check(seen.moved.length === 0, `with reduced motion ${seen.moved.length} message(s) moved, e.g. ${seen.moved.slice(0, 3).join("; ")}`);
        const transitions = await page.evaluate(() =>
          [...document.querySelectorAll("*")].filter((el) => getComputedStyle(el).transitionDuration.split(",").some((d) => parseFloat(d) > 0)).length,
        );
        check(transitions === 0, `with reduced motion ${transitions} element(s) still have a transition`);
      } else {
        check(seen.moved.length > 0, "without reduced motion no message moved: this check could not tell");
        // The reader turns reduced motion on while the page is open: it holds from then on.
        await page.emulateMedia({ reducedMotion: "reduce" });
        const after = await watchMessages(page, 60);
        check(after.compared > 0, "after turning reduced motion on, no message was on screen in two frames in a row");
        check(after.moved.length === 0, `after turning reduced motion on ${after.moved.length} message(s) still moved, e.g. ${after.moved.slice(0, 3).join("; ")}`);
        out.push(`turned on while open: ${after.moved.length} of ${after.compared} moved`);
      }
      out.push(`${reducedMotion}: ${seen.moved.length} of ${seen.compared} moved`);
    } finally {
      await context.close();
    }
  }
  return out.join("; ");
}

// ---------------------------------------------------------------------------------------
// A phone: 375×812, touch.

/** Visible controls smaller than 24×24 CSS px (a checkbox's target is its label). */
function smallTargets(page) {
  return page.evaluate(() => {
    const selector = "button, a[href], input:not([type=hidden]), select, textarea, summary, [role=tab], [role=slider], [tabindex='0']";
    return [...document.querySelectorAll(selector)]
      .map((el) => {
        const target = (el.type === "checkbox" || el.type === "radio") && el.closest("label") ? el.closest("label") : el;
        const r = target.getBoundingClientRect();
        return { el, r };
      })
      .filter(({ el, r }) => r.width > 1 && r.height > 1 && el.checkVisibility({ visibilityProperty: true, opacityProperty: true }))
      .filter(({ r }) => r.width < 23.5 || r.height < 23.5)
      .map(({ el, r }) => `${el.tagName.toLowerCase()}${el.dataset.action ? `[data-action=${el.dataset.action}]` : ""}.${[...el.classList].join(".")} "${(el.textContent || el.value || "").trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
  });
}

async function checkPhone(browser, url) {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const out = [];
  try {
    for (const lang of LANGS) {
      await open(page, url, "", lang);
      const layout = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        width: document.documentElement.clientWidth,
        sideTop: document.querySelector("[role=tabpanel]").getBoundingClientRect().top,
        clients: document.querySelector("[data-node='clients']").getBoundingClientRect().height,
      }));
      check(layout.scroll <= layout.width, `${lang}: the page scrolls sideways (${layout.scroll} px wide in a ${layout.width} px window)`);
      check(layout.sideTop < PHONE.height, `${lang}: the side panel starts ${Math.round(layout.sideTop)} px down, below the screen`);
      check(layout.clients <= 64, `${lang}: the clients node is ${Math.round(layout.clients)} px tall (wrapped on many lines)`);
      const small = [];
      const tabs = page.locator("[role=tab]");
      for (let i = 0; i < (await tabs.count()); i++) {
        await tabs.nth(i).tap();
        await page.waitForSelector(`[role=tabpanel][aria-labelledby='${await tabs.nth(i).getAttribute("id")}']`);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        check(wide <= 0, `${lang}: with tab ${i + 1} open the page scrolls ${wide} px sideways`);
        for (const s of await smallTargets(page)) if (!small.includes(s)) small.push(s);
      }
      check(small.length === 0, `${lang}: ${small.length} target(s) under 24×24 px:\n  ${small.join("\n  ")}`);
      out.push(`${lang}: no sideways scroll, panels at ${Math.round(layout.sideTop)} px, clients ${Math.round(layout.clients)} px tall, no target under 24 px`);
    }
    out.push(await touchDrag(context, page, url));
  } finally {
    await context.close();
  }
  return out.join("; ");
}

/** A finger drags orders-0's replica on broker 3 onto broker 6 (real touch events). */
async function touchDrag(context, page, url) {
  await open(page, url, "", "en");
  const chip = page.locator("[data-replica='orders-0@3']");
  const target = page.locator("[data-broker='6']");
  await chip.evaluate((el) => el.closest("[data-rack]").scrollIntoView({ block: "start" }));
  const from = await chip.boundingBox();
  const to = await target.locator(".broker-head").boundingBox();
  const a = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  const b = { x: to.x + to.width / 2, y: to.y + to.height / 2 };
  const hit = await page.evaluate(([a, b]) => [document.elementFromPoint(a.x, a.y)?.closest("[data-replica]")?.dataset.replica, document.elementFromPoint(b.x, b.y)?.closest("[data-broker]")?.dataset.broker], [a, b]);
  check(hit[0] === "orders-0@3" && hit[1] === "6", `the chip and broker 6 are not both under a finger on screen (hit ${hit})`);
  const cdp = await context.newCDPSession(page);
  const touch = (type, p) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: p ? [{ x: p.x, y: p.y }] : [] });
  await touch("touchStart", a);
  const steps = 12;
  for (let i = 1; i <= steps; i++) await touch("touchMove", { x: a.x + ((b.x - a.x) * i) / steps, y: a.y + ((b.y - a.y) * i) / steps });
  await page.waitForSelector("[data-broker='6'][data-drop='drop-ok']", { timeout: WAIT_MS });
  const ghost = await page.locator(".drag-ghost").innerText();
  check(!/shift/i.test(ghost) && /finger/.test(ghost), `the drag ghost tells a finger "${ghost}"`);
  await touch("touchEnd");
  await page.waitForSelector("[data-event='reassignment_started']", { state: "attached", timeout: WAIT_MS });
  check((await page.locator("[data-replica='orders-0@6']").count()) === 1, "after the touch drop broker 6 holds no replica of orders-0");
  return `a finger dragged orders-0 from broker 3 to broker 6 ("${ghost.trim()}"): reassignment started`.replace(/\n/g, ": ");
}

// ---------------------------------------------------------------------------------------

const CHECKS = [
  ["axe: no violation", checkAxe],
  ["skip link and tabs pattern", checkSkipLinkAndTabs],
  ["reduced motion", checkReducedMotion],
  ["375×812 with touch", checkPhone],
];

function fail(message) {
  console.error(`a11y: FAIL: ${message}`);
  process.exitCode = 1;
}

async function main() {
  let dist, browser;
  try {
    dist = distDir(process.argv, "usage: node tests/e2e/a11y.mjs <dist-dir>");
    browser = await launchChromium();
  } catch (err) {
    fail(err.message);
    return;
  }
  const server = await serve(dist);
  const url = `http://127.0.0.1:${server.address().port}/`;
  let failed = 0;
  try {
    for (const [name, run] of CHECKS) {
      try {
        console.log(`a11y: ok   ${name}: ${await run(browser, url)}`);
      } catch (err) {
        failed += 1;
        console.error(`a11y: FAIL ${name}: ${err instanceof CheckError ? err.message : err.stack || String(err)}`);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (failed > 0) fail(`${failed} of ${CHECKS.length} check(s) failed`);
  else console.log(`a11y: all ${CHECKS.length} checks passed`);
}

main().catch((err) => fail(err.stack || String(err)));
