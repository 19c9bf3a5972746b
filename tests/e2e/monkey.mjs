// A monkey in the browser: random real-input actions, drawn from fixed seeds, on the full
// playground and on an embed. It fails on any uncaught page error, any console.error, the
// Rust panic overlay, a crashed or closed tab, or a page that stops answering.
//
//   node tests/e2e/monkey.mjs <dist-dir> [--seeds 1,2,3 | --seeds 1-10] [--actions N]
//                            [--only playground|embed] [--hang-ms MS] [--verbose]
//
// Each seed (default 1 and 2) runs N actions (default 90) in a fresh browser context: two
// thirds on the playground (`/`), one third on an embed (`/?embed&scenario=…&panels=…` in an
// iframe of a host page); --only runs all N on one. An action is a real mouse click (at a
// random point of a `data-action` control, a button, a tab, a chip, a lesson link, the
// timeline, a checkbox), a select, a field given a valid or invalid value, a shortcut key, a
// replica dragged with the mouse onto a broker (sometimes with Shift, sometimes cancelled), a
// replica carried by keyboard, the language switch, a lesson walked to its end, an example
// from the scenario menu, a file opened or dropped (valid, mutated or garbage), an edited
// address, a shared link reopened, a resize, or a pause that lets the run play. After every
// action the page must answer within --hang-ms (default 30 s), show no panic and keep its
// controls. An action whose target vanished or is covered is skipped, not failed.
//
// A failure prints the seed, where it ran, the action log up to it and the command that
// replays it; the whole log and a screenshot go to target/monkey/. Every seed runs even after
// a failure; the exit status is 1 if any failed. The same seed draws the same choices, so a
// run replays while the page looks the same at each step (a playing run moves with the wall
// clock, so it may not).
//
// Environment: CHROMIUM = path of the browser (default /usr/bin/chromium).

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { distDir, launchChromium, serve } from "./lib.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, "..", "..");
const OUT_DIR = path.join(REPO_ROOT, "target", "monkey");
const USAGE =
  "usage: node tests/e2e/monkey.mjs <dist-dir> [--seeds 1,2,3 | --seeds 1-10] [--actions N] " +
  "[--only playground|embed] [--hang-ms MS] [--verbose]";

/** How long one playwright step of an action may take before the action is skipped. */
const STEP_TIMEOUT_MS = 5_000;
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1600, height: 1000 },
  { width: 1024, height: 700 },
  { width: 800, height: 600 },
  { width: 420, height: 820 },
];
const PANELS = ["partition", "clients", "faults", "setup", "plans", "describe", "charts", "timeline", "log"];
const LESSONS = ["replicas", "leader-followers", "isr", "fetch", "hw-leo", "recovery", "placement", "racks", "acks", "drill"];
const SCENARIOS = fs
  .readdirSync(path.join(REPO_ROOT, "scenarios"))
  .filter((f) => f.endsWith(".json"))
  .sort();
const SCENARIO_IDS = SCENARIOS.map((f) => f.replace(/\.json$/, ""));
const SCENARIO_TEXTS = SCENARIOS.map((f) => fs.readFileSync(path.join(REPO_ROOT, "scenarios", f), "utf8"));

// Shortcut keys (the help overlay's list) and the keys that move focus or values.
const KEYS = [
  "Space", "k", "s", ".", ",", "r", "[", "]", "+", "-", "=", "h", "?", "Escape",
  "Tab", "Shift+Tab", "Enter", "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown",
  "Home", "End", "PageUp", "PageDown", "Backspace", "Delete", "a", "1",
];
// Values typed into number fields: small valid ones, big ones, and ones that are no number.
const NUMBERS = {
  small: ["0", "1", "2", "3", "5", "10", "100", "1000"],
  big: ["10000", "100000", "1000000", "4294967296", "99999999999999999999", "1e309"],
  junk: ["-1", "-0", "0.5", "1e3", "+5", "0x10", "1,000", "", " ", "abc", "NaN", "١٢", "１２", "--1", "1e-400"],
};
// ... and into text fields.
const TEXTS = [
  "a", "b", "rack-a", "", "   ", "<b>x</b>", "\"quoted\"", "🙂", "机架", "null", "a\u0000b",
  "x".repeat(300), "1", "-1",
];
const PLAN_TEXTS = [
  "", "{}", "[]", "null", "{\"version\":1,\"partitions\":[]}",
  "{\"version\":1,\"partitions\":[{\"topic\":\"orders\",\"partition\":0,\"replicas\":[4,5,6]}]}",
  "{\"version\":1,\"partitions\":[{\"topic\":\"orders\",\"partition\":0,\"replicas\":[1,2,3,4,5,6]}]}",
  "{\"version\":1,\"partitions\":[{\"topic\":\"orders\",\"partition\":0,\"replicas\":[1,1,1]}]}",
  "{\"version\":1,\"partitions\":[{\"topic\":\"orders\",\"partition\":99,\"replicas\":[1]}]}",
  "{\"version\":1,\"partitions\":[{\"topic\":\"nope\",\"partition\":0,\"replicas\":[99]}]}",
  "{\"version\":1,\"partitions\":[{\"topic\":\"orders\",\"partition\":-1,\"replicas\":[]}]}",
  "{\"version\":2,\"partitions\":[{\"topic\":\"orders\",\"partition\":0,\"replicas\":[2,3,4],\"log_dirs\":[\"any\"]}]}",
  "{\"version\":1,\"partitions\":[{\"topic\":\"orders\",\"partition\":1e99,\"replicas\":[1]}]}",
  "{\"version\":1,\"partitions\":[", "not json at all", "[".repeat(5000),
];

// ---------------------------------------------------------------------------------------
// A small seeded PRNG (mulberry32): the same seed draws the same choices.

function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return {
    next,
    int,
    between: (lo, hi) => lo + next() * (hi - lo),
    chance: (p) => next() < p,
    pick: (list) => list[int(list.length)],
    /** One of `[weight, value]` pairs, by weight. */
    weighted(pairs) {
      let r = next() * pairs.reduce((sum, [w]) => sum + w, 0);
      for (const [w, value] of pairs) {
        r -= w;
        if (r < 0) return value;
      }
      return pairs[pairs.length - 1][1];
    },
  };
}

// ---------------------------------------------------------------------------------------
// Outcomes.

/** The target of an action is gone, hidden or covered: the action is skipped, not failed. */
class Skip extends Error {}
/** The page broke: the run stops here. */
class Failure extends Error {}

/** Run `promise`, failing with `message` if it does not settle within `ms`. */
function answerWithin(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Failure(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------
// In-page helpers (these run inside the page, through evaluate).

/**
 * The element to act on: among the visible elements matching `selector`, the one at `r`
 * (0 ≤ r < 1). With `byAction`, first one `data-action` value (each value as likely as any
 * other, so a rare button is pressed as often as a broker's crash), then one of its elements.
 */
function pickInPage([selector, r1, r2, byAction]) {
  const visible = (el) =>
    el.isConnected && el.getClientRects().length > 0 && el.checkVisibility({ visibilityProperty: true });
  const els = [...document.querySelectorAll(selector)].filter(visible);
  if (els.length === 0) return null;
  if (!byAction) return els[Math.floor(r1 * els.length)];
  const values = [...new Set(els.map((el) => el.dataset.action))].sort();
  const value = values[Math.floor(r1 * values.length)];
  const group = els.filter((el) => el.dataset.action === value);
  return group[Math.floor(r2 * group.length)];
}

/** A short description of an element for the action log. */
function describeInPage(el) {
  const attrs = ["data-action", "data-replica", "data-broker", "data-lesson", "data-config", "data-filter",
    "data-profile", "data-topic-field", "role", "type", "aria-label", "id"];
  const hooks = attrs
    .filter((a) => el.hasAttribute(a))
    .slice(0, 2)
    .map((a) => `${a}=${el.getAttribute(a).slice(0, 40)}`);
  const broker = el.closest("[data-broker]");
  const where = broker && el !== broker ? ` in broker ${broker.dataset.broker}` : "";
  const text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 30);
  const disabled = el.disabled ? " (disabled)" : "";
  return `${el.tagName.toLowerCase()}[${hooks.join(" ")}]${text ? ` "${text}"` : ""}${where}${disabled}`;
}

/** What the health check reads: it must answer, show no panic and keep its controls. */
function healthInPage() {
  const panic = document.querySelector("[data-panic]");
  return {
    panic: panic ? panic.textContent.replace(/\s+/g, " ").slice(0, 600) : null,
    ready: Boolean(document.body && document.body.hasAttribute("data-ready")),
    controls: Boolean(document.querySelector("[data-action='play-pause']")),
    // For the coverage line at the end: which data-action values were there to click.
    actions: [...new Set([...document.querySelectorAll("[data-action]")].map((el) => el.dataset.action))],
  };
}

// ---------------------------------------------------------------------------------------
// One run: a page (the playground, or a host page whose iframe holds an embed) and its
// action log.

class Run {
  constructor({ browser, base, seed, target, actions, hangMs, verbose }) {
    Object.assign(this, { browser, base, seed, target, actions, hangMs, verbose });
    // Separate streams: the file chooser's answers do not shift the action choices.
    this.rng = prng(seed * 2 + (target === "embed" ? 1 : 0));
    this.fileRng = prng(seed ^ 0x5eed1e55);
    this.log = [];
    this.problems = [];
    this.skipped = 0;
    this.done = 0;
    this.clicked = new Set();
    this.seen = new Set();
  }

  note(line) {
    const entry = `#${this.log.length} ${line}`;
    this.log.push(entry);
    if (this.verbose) console.log(`  ${this.target} ${this.seed} ${entry}`);
  }

  /** Record a problem the page reported (it fails the run at the next health check). */
  problem(text) {
    this.problems.push(text);
  }

  async open() {
    this.context = await this.browser.newContext({ viewport: VIEWPORTS[0], acceptDownloads: true });
    // Real users' browsers let a page that was clicked write the clipboard.
    await this.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: this.base });
    this.page = await this.context.newPage();
    // "Open full playground" opens a tab: the monkey stays where it is.
    this.context.on("page", (p) => {
      if (p !== this.page) p.close().catch(() => {});
    });
    const page = this.page;
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on("pageerror", (err) => this.problem(`page error: ${err.stack || err}`));
    page.on("console", (msg) => {
      if (msg.type() === "error") this.problem(`console.error: ${msg.text()}`);
    });
    page.on("crash", () => this.problem("the tab crashed"));
    page.on("close", () => this.problem("the tab closed"));
    page.on("dialog", (d) => {
      this.note(`(dialog "${d.message()}" dismissed)`);
      d.dismiss().catch(() => {});
    });
    page.on("filechooser", (chooser) => {
      const file = this.randomFile();
      this.note(`(file chooser: ${file.name}, ${file.buffer.length} bytes: ${file.what})`);
      chooser.setFiles({ name: file.name, mimeType: "application/json", buffer: file.buffer }).catch(() => {});
    });
    await this.navigate(this.target === "embed" ? this.embedAddress() : "/");
  }

  async close() {
    await this.context?.close().catch(() => {});
  }

  /** The frame the app runs in: the page itself, or the embed's iframe. */
  get app() {
    return this.frame ?? this.page.mainFrame();
  }

  /** Open `address` (the playground) or a host page holding it in an iframe (an embed). */
  async navigate(address) {
    const page = this.page;
    this.note(`open ${address}`);
    if (this.target === "embed") {
      await answerWithin(page.goto(`${this.base}monkey-host.html?src=${encodeURIComponent(address)}`), this.hangMs,
        `the host page did not load within ${this.hangMs / 1000} s`);
      const iframe = await page.waitForSelector("#embed", { timeout: this.hangMs });
      this.frame = await iframe.contentFrame();
    } else {
      await answerWithin(page.goto(this.base + address.replace(/^\//, "")), this.hangMs,
        `the page did not load within ${this.hangMs / 1000} s`);
      this.frame = null;
    }
    try {
      await this.app.waitForSelector("body[data-ready]", { state: "attached", timeout: this.hangMs });
    } catch {
      throw new Failure(`${address} did not render within ${this.hangMs / 1000} s (no body[data-ready])`);
    }
  }

  /** The page must answer, show no panic, and keep its controls. */
  async checkHealth() {
    if (this.page.isClosed()) throw new Failure("the page closed");
    const read = () =>
      answerWithin(this.app.evaluate(healthInPage), this.hangMs,
        `the page stopped answering: an evaluate did not return within ${this.hangMs / 1000} s`);
    let state;
    try {
      state = await read();
    } catch (err) {
      if (err instanceof Failure) throw err;
      // The document was replaced under the evaluate (a navigation): read the new one.
      try {
        this.note(`  (the page navigated: ${firstLine(err)})`);
        await this.app.waitForSelector("body[data-ready]", { state: "attached", timeout: this.hangMs });
        state = await read();
      } catch (again) {
        if (again instanceof Failure) throw again;
        throw new Failure(`the page could not be read: ${firstLine(again)}`);
      }
    }
    for (const a of state.actions) this.seen.add(a);
    if (state.panic) throw new Failure(`panic overlay: ${state.panic}`);
    if (this.problems.length > 0) throw new Failure(this.problems.join("\n"));
    if (!state.ready || !state.controls) {
      throw new Failure(`the app is gone (body[data-ready]: ${state.ready}, play/pause control: ${state.controls})`);
    }
    return state;
  }

  // -------------------------------------------------------------------------------------
  // Finding and touching elements.

  /** A visible element matching `selector` (see pickInPage), or Skip. */
  async pick(selector, { byAction = false } = {}) {
    const handle = await this.app.evaluateHandle(pickInPage, [selector, this.rng.next(), this.rng.next(), byAction]);
    const el = handle.asElement();
    if (!el) {
      await handle.dispose();
      throw new Skip(`nothing visible matches ${selector}`);
    }
    return el;
  }

  describe(el) {
    return el.evaluate(describeInPage);
  }

  /** A point inside `el` (scrolled into view), near its middle, in page coordinates. */
  async pointIn(el) {
    await el.scrollIntoViewIfNeeded({ timeout: STEP_TIMEOUT_MS });
    const box = await el.boundingBox();
    if (!box || box.width < 1 || box.height < 1) throw new Skip("the element has no box");
    return {
      x: box.x + box.width * this.rng.between(0.25, 0.75),
      y: box.y + box.height * this.rng.between(0.25, 0.75),
    };
  }

  /** A real mouse click at a point of `el`: whatever is on top there gets it, as for a user. */
  async click(el, options = {}) {
    const { x, y } = await this.pointIn(el);
    await this.page.mouse.click(x, y, options);
    return `at (${Math.round(x)}, ${Math.round(y)})`;
  }

  async clickOne(selector, what, options = {}) {
    const el = await this.pick(selector, options);
    const label = await this.describe(el);
    const action = await el.evaluate((e) => e.dataset.action);
    if (action) this.clicked.add(action);
    const at = await this.click(el, options.mouse);
    this.note(`${what} ${label} ${at}`);
  }

  // -------------------------------------------------------------------------------------
  // The actions.

  /** Every kind of action with its weight: how often it is drawn (an embed has no lesson
   * list, scenario menu or share button, and only the panels its address asks for). */
  actionTable() {
    const embed = this.target === "embed";
    return [
      [18, () => this.clickOne("[data-action]", "click", { byAction: true })],
      [8, () => this.clickOne("button, summary, label, [role=tab], [role=menuitem], a[href]", "click")],
      [5, () => this.clickOne("[role=tab]", "tab")],
      [3, () => this.clickOne("[data-replica], [data-broker], [data-event], [data-partition]", "click")],
      [6, () => this.select()],
      [8, () => this.type()],
      [4, () => this.clickOne("input[type=checkbox], input[type=radio]", "toggle")],
      [14, () => this.key()],
      [7, () => this.dragReplica()],
      [3, () => this.carryReplica()],
      [6, () => this.timeline()],
      [2, () => this.speedSlider()],
      [2, () => this.language()],
      [embed ? 2 : 7, () => this.lesson()],
      [embed ? 0 : 3, () => this.scenarioMenu()],
      [3, () => this.contextMenu()],
      [5, () => this.letItRun()],
      [2, () => this.scroll()],
      [1, () => this.resize()],
      [1, () => this.dropFile()],
      [embed ? 3 : 1, () => this.editAddress()],
      [5, () => this.fillAndSubmit()],
      [embed ? 0 : 1, () => this.reopenSharedLink()],
    ].filter(([w]) => w > 0);
  }

  async select() {
    const el = await this.pick("select");
    const label = await this.describe(el);
    const disabled = await el.evaluate((s) => s.disabled);
    if (this.rng.chance(0.5) && !disabled) {
      // Every option, also those that make no sense in the current state; real input cannot
      // give a select a value outside its options.
      const values = await el.evaluate((s) => [...s.options].filter((o) => !o.disabled).map((o) => o.value));
      if (values.length === 0) throw new Skip(`${label} has no options`);
      const value = this.rng.pick(values);
      this.note(`select ${label} → "${value}"`);
      await el.selectOption(value, { timeout: STEP_TIMEOUT_MS });
    } else {
      // By keyboard: click it (opens its list), then arrows and Enter or Escape.
      const at = await this.click(el);
      const keys = Array.from({ length: 1 + this.rng.int(3) }, () => this.rng.pick(["ArrowDown", "ArrowUp", "End", "Home"]));
      keys.push(this.rng.pick(["Enter", "Enter", "Escape", "Tab"]));
      this.note(`select ${label} ${at}, keys ${keys.join(" ")}`);
      for (const key of keys) await this.page.keyboard.press(key);
    }
  }

  async type() {
    const el = await this.pick("input[type=number], input[type=text], input:not([type]), textarea");
    const label = await this.describe(el);
    const kind = await el.evaluate((e) =>
      e.tagName === "TEXTAREA" ? "plan" : e.type === "number" || e.inputMode === "numeric" ? "number" : "text",
    );
    const value =
      kind === "plan"
        ? this.rng.pick(PLAN_TEXTS)
        : kind === "number" && this.rng.chance(0.85) ? this.number() : this.rng.pick(TEXTS);
    const commit = this.rng.pick(["Enter", "Tab", "click away", "nothing"]);
    const at = await this.click(el);
    this.note(`type into ${label} ${at}: ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…(${value.length})` : value)}, then ${commit}`);
    const keyboard = this.page.keyboard;
    await keyboard.press("ControlOrMeta+A");
    await keyboard.press("Backspace");
    if (value.length > 40) await keyboard.insertText(value);
    else if (value) await keyboard.type(value);
    if (commit === "Enter" || commit === "Tab") await keyboard.press(commit);
    else if (commit === "click away") await this.page.mouse.click(2, 2);
  }

  /** Type into one to three fields of the open panel, then press one of its buttons. */
  async fillAndSubmit() {
    const panel = await this.pick("[role=tabpanel], form, [role=dialog]");
    const fields = await panel.$$("input[type=number], input[type=text], input:not([type]), textarea, select");
    const visible = [];
    for (const f of fields) if (await f.isVisible()) visible.push(f);
    if (visible.length === 0) throw new Skip("the panel has no fields");
    for (let n = 1 + this.rng.int(3); n > 0; n--) {
      const field = this.rng.pick(visible);
      const label = await this.describe(field);
      if (await field.evaluate((e) => e.tagName === "SELECT")) {
        const values = await field.evaluate((s) => [...s.options].filter((o) => !o.disabled).map((o) => o.value));
        if (values.length === 0 || (await field.isDisabled())) continue;
        const value = this.rng.pick(values);
        this.note(`fill: select ${label} → "${value}"`);
        await field.selectOption(value, { timeout: STEP_TIMEOUT_MS });
      } else {
        const numeric = await field.evaluate((e) => e.type === "number" || e.inputMode === "numeric");
        const plan = await field.evaluate((e) => e.tagName === "TEXTAREA");
        const value = plan ? this.rng.pick(PLAN_TEXTS) : numeric ? this.number() : this.rng.pick(TEXTS);
        const at = await this.click(field);
        this.note(`fill: ${label} ${at} ← ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…(${value.length})` : value)}`);
        await this.page.keyboard.press("ControlOrMeta+A");
        await this.page.keyboard.press("Backspace");
        if (value) await this.page.keyboard.insertText(value);
      }
    }
    const buttons = [];
    for (const b of await panel.$$("button[data-action], button[type=submit]")) if (await b.isVisible()) buttons.push(b);
    if (buttons.length === 0) return;
    const button = this.rng.pick(buttons);
    const action = await button.evaluate((e) => e.dataset.action);
    if (action) this.clicked.add(action);
    this.note(`fill: press ${await this.describe(button)} ${await this.click(button)}`);
  }

  number() {
    return this.rng.pick(NUMBERS[this.rng.weighted([[2, "small"], [1, "big"], [1, "junk"]])]);
  }

  async key() {
    const key = this.rng.pick(KEYS);
    const times = this.rng.chance(0.2) ? 2 + this.rng.int(5) : 1;
    const focus = await this.app.evaluate(() => {
      const a = document.activeElement;
      return a && a !== document.body ? `${a.tagName.toLowerCase()}${a.dataset.action ? `[${a.dataset.action}]` : ""}` : "body";
    });
    this.note(`key ${key}${times > 1 ? ` ×${times}` : ""} (focus on ${focus})`);
    for (let i = 0; i < times; i++) await this.page.keyboard.press(key);
  }

  /** Pointer down on a chip, move over a broker card (or anywhere), release; Shift copies. */
  async dragReplica() {
    const chip = await this.pick("[data-replica]");
    const chipLabel = await chip.evaluate((e) => e.dataset.replica);
    const from = await this.pointIn(chip);
    const ending = this.rng.weighted([[6, "drop on a broker"], [1, "drop elsewhere"], [1, "Escape"]]);
    const shift = this.rng.weighted([[5, "none"], [2, "held"], [1, "pressed mid-drag"]]);
    let to;
    let over = "";
    if (ending === "drop elsewhere") {
      const size = this.page.viewportSize();
      to = { x: this.rng.between(0, size.width), y: this.rng.between(0, size.height) };
    } else {
      const broker = await this.pick("[data-broker]");
      over = ` over broker ${await broker.evaluate((e) => e.dataset.broker)}`;
      const box = await broker.boundingBox();
      if (!box) throw new Skip("the broker card has no box");
      to = { x: box.x + box.width * this.rng.between(0.1, 0.9), y: box.y + box.height * this.rng.between(0.1, 0.9) };
    }
    const steps = 2 + this.rng.int(12);
    this.note(`drag ${chipLabel} → (${Math.round(to.x)}, ${Math.round(to.y)})${over}, ${steps} steps, shift ${shift}, ${ending}`);
    const { mouse, keyboard } = this.page;
    let down = false;
    let shiftDown = false;
    try {
      await mouse.move(from.x, from.y);
      if (shift === "held") {
        await keyboard.down("Shift");
        shiftDown = true;
      }
      await mouse.down();
      down = true;
      const mid = Math.max(1, steps >> 1);
      await mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: mid });
      if (shift === "pressed mid-drag") {
        await keyboard.down("Shift");
        shiftDown = true;
      }
      await mouse.move(to.x, to.y, { steps: steps - mid + 1 });
      if (ending === "Escape") await keyboard.press("Escape");
      await mouse.up();
      down = false;
    } finally {
      if (down) await mouse.up().catch(() => {});
      if (shiftDown) await keyboard.up("Shift").catch(() => {});
    }
  }

  /** Focus a chip with a click, Enter to carry it, arrows to choose a broker, then drop. */
  async carryReplica() {
    const chip = await this.pick("[data-replica]");
    const label = await chip.evaluate((e) => e.dataset.replica);
    const keys = ["Enter"];
    for (let i = this.rng.int(5); i > 0; i--) keys.push(this.rng.pick(["ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp", "Shift"]));
    keys.push(this.rng.pick(["Enter", "Enter", "Space", "Escape", "Tab"]));
    const at = await this.click(chip);
    this.note(`carry ${label} (clicked ${at}), keys ${keys.join(" ")}`);
    for (const key of keys) await this.page.keyboard.press(key);
  }

  async timeline() {
    const bar = await this.pick("[role=slider]:not(input)");
    const label = await this.describe(bar);
    const box = (await this.pointIn(bar)) && (await bar.boundingBox());
    if (!box) throw new Skip("the timeline has no box");
    const at = (f) => ({ x: box.x + box.width * f, y: box.y + box.height / 2 });
    const how = this.rng.weighted([[3, "click"], [3, "drag"], [3, "keys"]]);
    const { mouse, keyboard } = this.page;
    if (how === "click") {
      const p = at(this.rng.next());
      this.note(`timeline click ${label} at (${Math.round(p.x)}, ${Math.round(p.y)})`);
      await mouse.click(p.x, p.y);
    } else if (how === "drag") {
      const a = at(this.rng.next());
      const b = at(this.rng.between(-0.1, 1.1));
      this.note(`timeline drag ${label} (${Math.round(a.x)} → ${Math.round(b.x)})`);
      await mouse.move(a.x, a.y);
      await mouse.down();
      try {
        await mouse.move(b.x, b.y, { steps: 3 + this.rng.int(10) });
      } finally {
        await mouse.up();
      }
    } else {
      const p = at(this.rng.next());
      const keys = Array.from({ length: 1 + this.rng.int(6) }, () =>
        this.rng.pick(["ArrowLeft", "ArrowRight", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown", ","]));
      this.note(`timeline keys ${label} (clicked at x ${Math.round(p.x)}): ${keys.join(" ")}`);
      await mouse.click(p.x, p.y);
      for (const key of keys) await keyboard.press(key);
    }
  }

  async speedSlider() {
    const slider = await this.pick("input[type=range]");
    const label = await this.describe(slider);
    await this.pointIn(slider);
    const box = await slider.boundingBox();
    if (!box) throw new Skip("the slider has no box");
    const y = box.y + box.height / 2;
    const a = box.x + box.width * this.rng.next();
    const b = box.x + box.width * this.rng.next();
    this.note(`slide ${label} from x ${Math.round(a)} to ${Math.round(b)}`);
    await this.page.mouse.move(a, y);
    await this.page.mouse.down();
    try {
      await this.page.mouse.move(b, y, { steps: 4 });
    } finally {
      await this.page.mouse.up();
    }
  }

  async language() {
    const el = await this.pick("[data-action=language]");
    const value = this.rng.pick(await el.evaluate((s) => [...s.options].map((o) => o.value)));
    this.clicked.add("language");
    this.note(`language → ${value}`);
    await el.selectOption(value, { timeout: STEP_TIMEOUT_MS });
  }

  /**
   * The lessons: open the list (the Lessons tab), open a lesson, then walk it: Next (most
   * often, so lessons get finished), Back, Play, the answer, the list.
   */
  async lesson() {
    const open = await this.app.evaluate(() => Boolean(document.querySelector("[data-lesson-step]")));
    if (!open) {
      const links = await this.app.evaluate(() => document.querySelectorAll("[data-lesson]:not([data-action])").length);
      if (links === 0) {
        const tab = await this.app.evaluateHandle(() =>
          [...document.querySelectorAll("[role=tab]")].find((t) => /lesson|课/i.test(t.textContent)) ?? null);
        if (!tab.asElement()) throw new Skip("no Lessons tab");
        const at = await this.click(tab.asElement());
        this.note(`lesson: the Lessons tab ${at}`);
        return;
      }
      return this.clickOne("[data-lesson]:not([data-action])", "lesson: open");
    }
    const walk = 1 + this.rng.int(4);
    for (let i = 0; i < walk; i++) {
      const control = this.rng.weighted([
        [10, "lesson-next"], [2, "lesson-back"], [2, "lesson-play"], [2, "lesson-answer"],
        [3, "lesson-next-lesson"], [1, "lesson-list"],
      ]);
      try {
        await this.clickOne(`[data-action=${control}]`, "lesson:");
      } catch (err) {
        if (!(err instanceof Skip)) throw err;
      }
    }
  }

  async scenarioMenu() {
    const el = await this.pick("[data-action=scenario]");
    const values = await el.evaluate((s) => [...s.options].map((o) => o.value));
    const value = this.rng.pick(values);
    this.clicked.add("scenario");
    this.note(`scenario menu → "${value}"`);
    await el.selectOption(value, { timeout: STEP_TIMEOUT_MS });
  }

  /** Right-click a broker, then a menu item, Escape, or a click elsewhere. */
  async contextMenu() {
    const broker = await this.pick("[data-broker]");
    const id = await broker.evaluate((e) => e.dataset.broker);
    const at = await this.click(broker, { button: "right" });
    const then = this.rng.weighted([[4, "item"], [1, "Escape"], [1, "click away"]]);
    this.note(`right-click broker ${id} ${at}, then ${then}`);
    if (then === "item") {
      try {
        await this.clickOne("[role=menu] [data-action], [role=menuitem]", "  menu item");
      } catch (err) {
        if (!(err instanceof Skip)) throw err;
        this.note("  (no menu)");
      }
    } else if (then === "Escape") {
      await this.page.keyboard.press("Escape");
    } else {
      await this.page.mouse.click(3, 3);
    }
  }

  /** Let the run play (or not) for a moment: pacing only, nothing is asserted on it. */
  async letItRun() {
    const ms = Math.round(this.rng.chance(0.1) ? this.rng.between(2000, 6000) : this.rng.between(50, 700));
    this.note(`wait ${ms} ms`);
    await sleep(ms);
  }

  async scroll() {
    const size = this.page.viewportSize();
    const x = this.rng.between(0, size.width);
    const y = this.rng.between(0, size.height);
    const dy = Math.round(this.rng.between(-800, 800));
    this.note(`wheel ${dy} at (${Math.round(x)}, ${Math.round(y)})`);
    await this.page.mouse.move(x, y);
    await this.page.mouse.wheel(0, dy);
  }

  async resize() {
    if (this.target === "embed") {
      const width = this.rng.pick([320, 420, 600, 760, 1000]);
      const height = this.rng.pick([300, 420, 560, 800]);
      this.note(`resize the iframe to ${width}×${height}`);
      await this.page.evaluate(([w, h]) => Object.assign(document.getElementById("embed").style, { width: `${w}px`, height: `${h}px` }), [width, height]);
    } else {
      const size = this.rng.pick(VIEWPORTS);
      this.note(`resize the window to ${size.width}×${size.height}`);
      await this.page.setViewportSize(size);
    }
  }

  /** A file dropped on the page (a synthetic drop: no real input can drop a file). */
  async dropFile() {
    const file = this.randomFile();
    const target = await this.pick("[data-broker], [data-action], [role=tabpanel], header, footer, section");
    const label = await this.describe(target);
    this.note(`drop ${file.name} (${file.buffer.length} bytes: ${file.what}) on ${label}`);
    const data = await this.app.evaluateHandle(
      ([name, bytes]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], name, { type: "application/json" }));
        return dt;
      },
      [file.name, [...file.buffer]],
    );
    for (const type of ["dragenter", "dragover", "drop"]) await target.dispatchEvent(type, { dataTransfer: data });
    await data.dispose();
  }

  /** A file for the chooser or a drop: a bundled scenario, a mutated one, or garbage. */
  randomFile() {
    const r = this.fileRng;
    const i = r.int(SCENARIOS.length);
    const text = SCENARIO_TEXTS[i];
    const kind = r.weighted([[4, "valid"], [4, "mutated"], [2, "truncated"], [2, "garbage"], [1, "plan"]]);
    let content;
    let what = `${kind} ${SCENARIOS[i]}`;
    if (kind === "valid") content = text;
    else if (kind === "truncated") content = text.slice(0, r.int(text.length));
    else if (kind === "mutated") {
      // Replace one number with an edge value, or one key with another name.
      const numbers = [...text.matchAll(/-?\d+(\.\d+)?/g)];
      if (numbers.length > 0 && r.chance(0.7)) {
        const m = r.pick(numbers);
        const edge = r.pick(["-1", "0", "1e309", "4294967296", "99999999999999999999", "0.5", "\"3\"", "null", "1000000000"]);
        content = text.slice(0, m.index) + edge + text.slice(m.index + m[0].length);
        what += `: ${m[0]} at byte ${m.index} → ${edge}`;
      } else {
        const keys = [...text.matchAll(/"([a-z_.]+)":/g)];
        const m = r.pick(keys);
        content = text.slice(0, m.index) + `"${m[1]}x":` + text.slice(m.index + m[0].length);
        what += `: key ${m[1]} renamed`;
      }
    } else if (kind === "plan") {
      content = r.pick(PLAN_TEXTS);
      what = "a reassignment plan";
    } else {
      const garbage = [
        "", "{}", "[]", "null", "\"text\"", "{\"brokers\":[]}", "{\"brokers\": 3}", "[".repeat(2000),
        "{\"a\\nb: c\": 1}", Buffer.from([0xff, 0xfe, 0x00, 0x7b]), Buffer.from("\uFEFF{}"),
        JSON.stringify({ brokers: Array.from({ length: 5000 }, (_, k) => ({ id: k + 1 })) }),
      ];
      content = r.pick(garbage);
      what = "garbage";
    }
    const buffer = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
    return { name: r.chance(0.9) ? "monkey.json" : "monkey.txt", buffer, what };
  }

  /** Open the page at an address with valid and invalid parameters. */
  async editAddress() {
    const r = this.rng;
    const params = [];
    if (this.target === "embed") return this.navigate(this.embedAddress());
    if (r.chance(0.4)) params.push(`scenario=${r.chance(0.85) ? r.pick(SCENARIO_IDS) : r.pick(["nope", "", "../x", "%00"])}`);
    if (r.chance(0.3)) {
      params.push(`lesson=${r.chance(0.85) ? r.pick(LESSONS) : r.pick(["nope", ""])}`);
      if (r.chance(0.7)) params.push(`step=${r.pick(["1", "2", "3", "5", "0", "99", "-1", "x"])}`);
    }
    if (r.chance(0.3)) params.push(`lang=${r.pick(["en", "zh-CN", "zh", "zh-Hans", "en-GB", "xx", ""])}`);
    if (r.chance(0.3)) params.push(`speed=${r.pick(["0.01", "1", "100", "0", "1000", "abc", "-1", "NaN"])}`);
    if (r.chance(0.2)) params.push(`t=${r.pick(["0", "1000", "60000", "abc", "-5", "86400001"])}`);
    if (r.chance(0.1)) params.push(`panels=${r.pick(["log", "bogus"])}`);
    if (r.chance(0.1)) params.push("autoplay");
    let address = `/${params.length ? `?${params.join("&")}` : ""}`;
    if (r.chance(0.1)) address += `#run=${r.pick(["", "x", "AAAA", "%%%", "a".repeat(100)])}`;
    await this.navigate(address);
  }

  embedAddress() {
    const r = this.rng;
    const params = ["embed"];
    params.push(`scenario=${r.chance(0.9) ? r.pick(SCENARIO_IDS) : "nope"}`);
    const panels = PANELS.filter(() => r.chance(0.35));
    if (r.chance(0.05)) panels.push("bogus");
    if (panels.length) params.push(`panels=${panels.join(",")}`);
    if (r.chance(0.3)) params.push(`speed=${r.pick(["0.5", "2", "10", "100", "0"])}`);
    if (r.chance(0.3)) params.push("autoplay");
    if (r.chance(0.3)) params.push(`lang=${r.pick(["zh-CN", "en", "xx"])}`);
    if (r.chance(0.15)) params.push(`lesson=${r.pick(LESSONS)}&step=${1 + r.int(4)}`);
    return `/?${params.join("&")}`;
  }

  /** Press Share, then open the link it gave (sometimes cut short or altered). */
  async reopenSharedLink() {
    let link = await this.app.evaluate(() => document.querySelector("[data-share-link]")?.value ?? null);
    if (!link) return this.clickOne("[data-action=share]", "click");
    const how = this.rng.weighted([[3, "as is"], [1, "cut short"], [1, "one character changed"]]);
    if (how === "cut short") link = link.slice(0, Math.max(link.indexOf("#") + 1, this.rng.int(link.length)));
    if (how === "one character changed") {
      const i = link.indexOf("#run=") + 5 + this.rng.int(Math.max(1, link.length - link.indexOf("#run=") - 5));
      link = link.slice(0, i) + this.rng.pick(["A", "_", "-", "!", "0"]) + link.slice(i + 1);
    }
    const url = new URL(link);
    this.note(`reopen the shared link (${how}, ${link.length} characters)`);
    // A new fragment alone does not reload the page: load it as a new page.
    await this.page.goto("about:blank");
    await this.navigate(url.pathname + url.search + url.hash);
  }

  // -------------------------------------------------------------------------------------

  /** Run the actions; return null, or the failure. */
  async go() {
    const table = this.actionTable();
    try {
      await this.open();
      await this.checkHealth();
      for (let i = 0; i < this.actions; i++) {
        const action = this.rng.weighted(table);
        this.done += 1;
        try {
          // Each step of an action has its own timeout (STEP_TIMEOUT_MS), but input sent to a
          // page that hangs never returns: this catches that.
          await answerWithin(action(), 3 * this.hangMs,
            `an action did not finish within ${(3 * this.hangMs) / 1000} s: the page stopped answering`);
        } catch (err) {
          if (err instanceof Failure) throw err;
          this.skipped += 1;
          this.note(`  skipped: ${firstLine(err)}`);
        }
        await this.checkHealth();
        // Pacing between actions (nothing waits on it): the page gets a frame or two.
        await sleep(this.rng.int(40));
      }
      return null;
    } catch (err) {
      return err instanceof Failure ? err.message : err.stack || String(err);
    }
  }
}

function firstLine(err) {
  return String(err && err.message ? err.message : err).split("\n")[0].slice(0, 200);
}

// ---------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { seeds: [1, 2], actions: 90, only: null, hangMs: 30_000, verbose: false };
  const rest = argv.slice(3);
  for (let i = 0; i < rest.length; i++) {
    const [name, inline] = rest[i].split("=", 2);
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new Error(`${name} needs a value\n${USAGE}`);
      return v;
    };
    if (name === "--seeds") {
      const v = value();
      const range = v.match(/^(\d+)-(\d+)$/);
      opts.seeds = range
        ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, k) => Number(range[1]) + k)
        : v.split(",").map(Number);
      if (opts.seeds.length === 0 || opts.seeds.some((s) => !Number.isSafeInteger(s) || s < 0)) throw new Error(`bad --seeds ${v}`);
    } else if (name === "--actions") {
      opts.actions = Number(value());
      if (!Number.isSafeInteger(opts.actions) || opts.actions < 1) throw new Error(`bad --actions\n${USAGE}`);
    } else if (name === "--only") {
      opts.only = value();
      if (!["playground", "embed"].includes(opts.only)) throw new Error(`--only takes playground or embed\n${USAGE}`);
    } else if (name === "--verbose") {
      opts.verbose = true;
    } else if (name === "--hang-ms") {
      opts.hangMs = Number(value());
      if (!(opts.hangMs > 0)) throw new Error(`bad --hang-ms\n${USAGE}`);
    } else {
      throw new Error(`unknown argument ${rest[i]}\n${USAGE}`);
    }
  }
  return opts;
}

const HOST_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Monkey host page</title>
<style>body { margin: 12px; font: 14px sans-serif } iframe { width: 760px; height: 560px; border: 1px solid #888 }</style>
</head><body>
<p>A host page with an embedded playground.</p>
<iframe id="embed" title="Kafka replication playground"></iframe>
<script>
  window.messages = [];
  addEventListener("message", (e) => { if (window.messages.length < 1000) window.messages.push(e.data); });
  document.getElementById("embed").src = new URLSearchParams(location.search).get("src");
</script>
</body></html>`;

async function main() {
  let dist;
  let opts;
  try {
    dist = distDir(process.argv, USAGE);
    opts = parseArgs(process.argv);
  } catch (err) {
    console.error(`monkey: ${err.message}`);
    process.exit(2);
  }
  let browser = await launchChromium();
  const server = await serve(dist, { pages: { "/monkey-host.html": HOST_PAGE } });
  const base = `http://127.0.0.1:${server.address().port}/`;
  const started = Date.now();
  let total = 0;
  let skipped = 0;
  const clicked = new Set();
  const seen = new Set();
  const failures = [];
  try {
    // Every seed runs even after a failure, so that one bug does not hide the others.
    for (const seed of opts.seeds) {
      const embedActions = Math.floor(opts.actions / 3);
      const parts = opts.only
        ? [[opts.only, opts.actions]]
        : [["playground", opts.actions - embedActions], ["embed", embedActions]].filter(([, n]) => n > 0);
      for (const [target, actions] of parts) {
        if (!browser.isConnected()) browser = await launchChromium();
        const run = new Run({ browser, base, seed, target, actions, hangMs: opts.hangMs, verbose: opts.verbose });
        const t0 = Date.now();
        const failure = await run.go();
        total += run.done;
        skipped += run.skipped;
        for (const a of run.clicked) clicked.add(a);
        for (const a of run.seen) seen.add(a);
        if (failure) {
          failures.push(`seed ${seed} ${target}`);
          await report(run, failure, opts);
        } else {
          const secs = ((Date.now() - t0) / 1000).toFixed(1);
          console.log(`monkey: ok   seed ${seed} ${target}: ${actions} actions (${run.skipped} skipped) in ${secs} s`);
        }
        await run.close();
      }
    }
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const missed = [...seen].filter((a) => !clicked.has(a)).sort();
  console.log(`monkey: clicked ${clicked.size} of the ${seen.size} data-action values shown` +
    `${missed.length ? ` (never: ${missed.join(", ")})` : ""}`);
  if (failures.length > 0) {
    process.exitCode = 1;
    console.error(`monkey: FAIL: ${failures.length} run(s) failed (${failures.join(", ")}); ${total} actions in ${secs} s`);
  } else {
    console.log(`monkey: all ${opts.seeds.length} seed(s) passed: ${total} actions, ${skipped} skipped, in ${secs} s`);
  }
}

async function report(run, failure, opts) {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const logFile = path.join(OUT_DIR, `seed-${run.seed}-${run.target}.log`);
  const shot = path.join(OUT_DIR, `seed-${run.seed}-${run.target}.png`);
  const replay = `node tests/e2e/monkey.mjs dist --seeds ${run.seed} --only ${run.target} --actions ${run.actions}`;
  fs.writeFileSync(logFile, `${failure}\n\nreplay: ${replay}\n\n${run.log.join("\n")}\n`);
  await answerWithin(run.page.screenshot({ path: shot }), 10_000, "").catch(() => {});
  const tail = run.log.length > 80 ? ["…", ...run.log.slice(-80)] : run.log;
  console.error(`monkey: FAIL seed ${run.seed} on the ${run.target} after ${run.log.length} log lines:\n${failure}`);
  console.error(`\naction log (whole log: ${path.relative(process.cwd(), logFile)}, screenshot beside it):`);
  for (const line of tail) console.error(`  ${line}`);
  console.error(`\nreplay: ${replay}${opts.hangMs !== 30_000 ? ` --hang-ms ${opts.hangMs}` : ""}`);
}

main().catch((err) => {
  console.error(`monkey: FAIL: ${err.stack || err}`);
  process.exitCode = 1;
});
