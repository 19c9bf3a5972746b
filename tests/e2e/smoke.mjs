// End-to-end smoke test of the built playground.
//
//   node tests/e2e/smoke.mjs <dist-dir>
//
// Serves <dist-dir> on 127.0.0.1 (a free port) with node's own http module, opens it in
// headless Chromium (Debian's, through playwright-core: never a downloaded browser), runs
// the checks below, and saves the README's screenshots to web/screenshots/ (playground.png,
// failover.png; playground-failed.png when a check fails).
// Exits 1 with a message naming what is missing when a check fails.
//
// Environment: CHROMIUM = path of the browser (default /usr/bin/chromium).
//
// To add a check: write an `async function checkSomething(page)` that throws
// `new CheckError("...")` on failure, and add it to CHECKS.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CheckError, WAIT_MS, distDir, hoverUntil, launchChromium, poll, serve, waitInPage } from "./lib.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, "..", "..");
const SCREENSHOTS = path.join(REPO_ROOT, "web", "screenshots");
const VIEWPORT = { width: 1280, height: 800 };
const REPLICA_RE = /^[^@]+-\d+@\d+$/;

const playing = (page) => page.getAttribute("[data-action='play-pause']", "data-playing");


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

const BROKER_ACTIONS = new Set([
  "crash", "power-loss", "shutdown", "restart", "isolate", "slow", "pause-fetcher", "resume-fetcher",
  "heal", "unslow",
]);

async function checkHooks(page) {
  const hooks = await page.evaluate(() => ({
    time: document.querySelector("[data-sim-time-ms]")?.getAttribute("data-sim-time-ms"),
    playPause: document.querySelectorAll("[data-action='play-pause']").length,
    actions: [...document.querySelectorAll("[data-broker] [data-action]")].map((b) => b.getAttribute("data-action")),
  }));
  if (hooks.time !== "0") throw new CheckError(`[data-sim-time-ms] should start at 0, is ${hooks.time}`);
  if (hooks.playPause !== 1) throw new CheckError(`expected one [data-action=play-pause], found ${hooks.playPause}`);
  const unknown = hooks.actions.filter((a) => !BROKER_ACTIONS.has(a));
  if (unknown.length > 0) throw new CheckError(`unknown broker actions: ${unknown.join(", ")}`);
  return `${hooks.actions.length} broker action button(s)`;
}

/** Play with the keyboard for a moment, pause, and keep the picture for the README. */
async function checkPlayShowsMessages(page) {
  await page.keyboard.press("Space");
  await waitInPage(page, "the clock to pass 50 ms after Space", () => Number(document.querySelector("[data-sim-time-ms]").dataset.simTimeMs) > 50);
  await waitInPage(page, "a message in flight ([data-message])", () => document.querySelector("[data-message]"));
  await page.keyboard.press("Space");
  await poll("Space to pause", async () => (await playing(page)) === "false");
  const kinds = await page.evaluate(() => [...new Set([...document.querySelectorAll("[data-message]")].map((m) => m.dataset.message))]);
  await screenshot(page, "playground.png");
  return `messages in flight: ${kinds.join(", ")}`;
}

/**
 * The issue's scenario, with a real mouse and keyboard: crash the leader of orders-0 from its
 * context menu, run faster, and wait until another replica leads and the ISR has shrunk.
 */
async function checkCrashLeaderFailover(page) {
  const leaderChip = page.locator("[data-replica^='orders-0@'][data-role='leader']");
  const oldLeader = (await leaderChip.getAttribute("data-replica")).split("@")[1];
  const card = page.locator(`[data-broker='${oldLeader}']`);
  await card.locator(".broker-head").click({ button: "right" });
  await page.locator("[role=menu] [data-action='crash']").click();
  await poll(`broker ${oldLeader} to be crashed`, async () => (await card.getAttribute("data-state")) === "crashed", {
    seen: () => card.getAttribute("data-state"),
  });
  // 0.1× → 10×: six steps up the 1-2-5 ladder.
  for (let i = 0; i < 6; i++) await page.keyboard.press("]");
  await page.keyboard.press("Space");
  await waitInPage(
    page,
    `a new leader with a shrunk ISR for orders-0 after crashing broker ${oldLeader}`,
    (old) => {
      const chips = [...document.querySelectorAll("[data-replica^='orders-0@']")];
      const leader = chips.find((c) => c.dataset.role === "leader");
      const inSync = chips.filter((c) => c.dataset.inSync === "true");
      return leader && !leader.dataset.replica.endsWith(`@${old}`) && inSync.length === 2;
    },
    oldLeader,
  );
  await page.keyboard.press("Space");
  await poll("Space to pause", async () => (await playing(page)) === "false");
  const newLeader = (await leaderChip.getAttribute("data-replica")).split("@")[1];
  await page.locator(`[data-replica='orders-0@${newLeader}']`).click();
  await waitInPage(page, "the election in the event log", () => document.querySelector("[data-event='leader_elected']"));
  await screenshot(page, "failover.png");
  return `broker ${oldLeader} crashed; broker ${newLeader} leads orders-0 with a 2-replica ISR`;
}

/** Drag the timeline back to before the crash: the old leader leads again on screen. */
async function checkSeekBeforeCrash(page) {
  const crashAt = Number(
    await page.evaluate(() => {
      const crash = [...document.querySelectorAll("[data-event='broker_crashed']")].pop();
      return crash ? crash.dataset.atMs : null;
    }),
  );
  if (!crashAt) throw new CheckError("no broker_crashed event to seek before");
  const bar = page.locator(".timeline-bar");
  await bar.scrollIntoViewIfNeeded();
  const box = await bar.boundingBox();
  const end = Number(await bar.getAttribute("aria-valuemax"));
  const target = Math.max(0, crashAt - 1000);
  await page.mouse.click(box.x + Math.max(2, (box.width * target) / end), box.y + box.height / 2);
  // The page shows the moment sought to once it has rendered it.
  const shown = () =>
    page.evaluate(() => ({
      at: Number(document.querySelector("[data-sim-time-ms]").dataset.simTimeMs),
      leader: document.querySelector("[data-replica^='orders-0@'][data-role='leader']")?.dataset.replica,
      state: document.querySelector("[data-broker='1']").dataset.state,
    }));
  const { at: shownAt } = await poll(`the page to show a time before the crash at ${crashAt} ms (sought ${target} ms)`, async () => {
    const s = await shown();
    return s.at < crashAt && s;
  }, { seen: async () => JSON.stringify(await shown()) });
  const { leader, state } = await shown();
  if (leader !== "orders-0@1" || state !== "running") {
    throw new CheckError(`at ${shownAt} ms orders-0 should be led by its old leader 1 (running), saw ${leader}, broker 1 ${state}`);
  }
  await screenshot(page, "time-travel.png");
  return `at ${shownAt} ms (crash at ${crashAt} ms) broker 1 leads orders-0 again`;
}

/** A real mouse drag of orders-0's replica from broker 3 to broker 6, then the KIP-455 move. */
async function checkDragReassignment(page) {
  await page.reload();
  await page.waitForSelector("body[data-ready]");
  const chip = page.locator("[data-replica='orders-0@3']");
  const target = page.locator("[data-broker='6'] .replicas");
  await chip.scrollIntoViewIfNeeded();
  const from = await chip.boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  // Each hover re-measures its target and moves there again until the page answers: a card
  // that moved while the machine was busy (a badge, a font) must not leave the pointer beside it.
  const broker6 = page.locator("[data-broker='6']");
  const overBroker6 = () =>
    hoverUntil(page, "broker 6 to accept the replica (data-drop=drop-ok)", target, async () => (await broker6.getAttribute("data-drop")) === "drop-ok", {
      seen: () => broker6.getAttribute("data-drop"),
    });
  await overBroker6();
  // Broker 2 already holds orders-0: hovering it must say why it refuses.
  const hint2 = page.locator("[data-broker='2'] .drop-hint");
  await hoverUntil(page, "broker 2 to say why it refuses the replica", page.locator("[data-broker='2'] .broker-head"), async () =>
    (await hint2.allTextContents()).some((text) => /already holds a replica/.test(text)), {
    seen: async () => (await hint2.allTextContents()).join(" | ") || "no hint",
  });
  await overBroker6();
  await page.mouse.up();
  await waitInPage(page, "the reassignment to start", () => document.querySelector("[data-event='reassignment_started']"));
  for (let i = 0; i < 6; i++) await page.keyboard.press("]");
  await page.keyboard.press("Space");
  await waitInPage(page, "the reassignment of orders-0 to [1,2,6] to complete with a full ISR", () => {
    const chips = [...document.querySelectorAll("[data-replica^='orders-0@']")].map((c) => c.dataset.replica);
    const isr = [...document.querySelectorAll("[data-replica^='orders-0@'][data-in-sync='true']")].length;
    return (
      document.querySelector("[data-event='reassignment_completed']") &&
      chips.sort().join() === "orders-0@1,orders-0@2,orders-0@6" &&
      isr === 3
    );
  });
  await page.keyboard.press("Space");
  await poll("Space to pause", async () => (await playing(page)) === "false");
  await screenshot(page, "reassignment.png");
  return "orders-0 moved from [1,2,3] to [1,2,6]; ISR [1,2,6]";
}

/**
 * Keyboard only: Space presses the button Tab reached, help holds the focus while open and
 * gives it back; after a mouse click on a button, Space is play/pause again.
 */
async function checkKeyboardOnly(page) {
  await page.reload();
  await page.waitForSelector("body[data-ready]");
  const crash = "[data-broker='2'] [data-action='crash']";
  let tabs = 0;
  while (!(await page.evaluate((sel) => document.activeElement === document.querySelector(sel), crash))) {
    if (++tabs > 300) throw new CheckError(`Tab never reached ${crash}`);
    await page.keyboard.press("Tab");
  }
  await page.keyboard.press("Space");
  // The button's press (on key up) and a play/pause (on key down) exclude each other: once the
  // broker shows crashed, Space was the button's.
  const broker2 = page.locator("[data-broker='2']");
  await poll("Space on the focused Crash button to crash broker 2", async () => (await broker2.getAttribute("data-state")) === "crashed", {
    seen: () => broker2.getAttribute("data-state"),
  });
  if ((await playing(page)) !== "false") throw new CheckError("Space on the focused Crash button also played");
  // The pressed button is gone with the running broker's controls: Tab on to a control that
  // stays, to open help from.
  await page.keyboard.press("Tab");
  await poll("Tab to focus a control after the crashed broker's", () =>
    page.evaluate(() => document.activeElement !== document.body && document.activeElement.isConnected),
  );
  await page.evaluate(() => (document.activeElement.dataset.e2eOpener = "yes"));
  await page.keyboard.press("?");
  const inHelp = () => page.evaluate(() => Boolean(document.activeElement.closest("[data-help]")));
  await poll("help to open and take the focus", inHelp);
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    await poll(`the focus to stay in the open help dialog after Tab ${i + 1}`, inHelp);
  }
  await page.keyboard.press("Escape");
  await waitInPage(
    page,
    "Escape to close help and give the focus back to where it was",
    () => !document.querySelector("[data-help]") && document.activeElement.dataset.e2eOpener === "yes",
  );
  // A mouse click leaves focus on the button without :focus-visible: Space plays.
  await page.locator("[data-broker='3'] [data-action='crash']").click();
  await page.keyboard.press("Space");
  await poll("Space after a mouse click on a button to play", async () => (await playing(page)) === "true");
  await page.keyboard.press("Space");
  await poll("Space to pause", async () => (await playing(page)) === "false");
  return `Tab ×${tabs} to broker 2's Crash, Space pressed it; help kept and returned the focus`;
}

const CHECKS = [
  ["racks present", checkRacks],
  ["brokers inside racks", checkBrokersInsideRacks],
  ["replica on its broker", checkReplicaOnItsBroker],
  ["test hooks", checkHooks],
  ["play shows messages", checkPlayShowsMessages],
  ["crash the leader, watch the failover", checkCrashLeaderFailover],
  ["seek back to before the crash", checkSeekBeforeCrash],
  ["drag a replica to another broker", checkDragReassignment],
  ["keyboard only", checkKeyboardOnly],
];

// ---------------------------------------------------------------------------------------

function fail(message) {
  console.error(`e2e: FAIL: ${message}`);
  process.exitCode = 1;
}

async function main() {
  let dist, browser;
  try {
    dist = distDir(process.argv, "usage: node tests/e2e/smoke.mjs <dist-dir>");
    browser = await launchChromium();
  } catch (err) {
    fail(err.message);
    return;
  }

  const server = await serve(dist);
  const url = `http://127.0.0.1:${server.address().port}/`;
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.setDefaultTimeout(WAIT_MS);

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
      await page.waitForSelector("[data-broker]", { timeout: WAIT_MS });
    } catch {
      const report = [
        `no [data-broker] element appeared within ${WAIT_MS / 1000}s`,
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

    if (failed > 0) await screenshot(page);

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

async function screenshot(page, name = "playground-failed.png") {
  const file = path.join(SCREENSHOTS, name);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: file });
  console.log(`e2e: screenshot saved to ${path.relative(process.cwd(), file) || file}`);
}

main().catch((err) => {
  fail(err.stack || String(err));
});
