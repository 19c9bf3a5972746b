// End-to-end checks of embedding: iframes on a docs page, the JS API mounted twice, the
// messages a host page receives, option errors, and the languages.
//
//   node tests/e2e/embed.mjs <dist-dir>
//
// Uses dist/embed-example.html (two iframes) and dist/api-example.html (two `mount` calls),
// which trunk copies from web/, and a host page it serves at /host/chinese.html (a Chinese
// `mount` from another folder). Exits 1 naming what is wrong when a check fails.
// Environment: CHROMIUM = path of the browser (default /usr/bin/chromium).

import { CheckError, WAIT_MS, animationFrames, check, distDir, launchChromium, poll, serve, waitInPage } from "./lib.mjs";

const SOURCE = "kafka-replication-playground";

const simTime = (root) => root.locator("[data-sim-time-ms]").getAttribute("data-sim-time-ms").then(Number);
const playing = (root) => root.locator("[data-action='play-pause']").getAttribute("data-playing");

/** Press `root`'s play/pause button and wait until it says `want` ("true" or "false"). */
async function playPause(root, want, what) {
  await root.locator("[data-action='play-pause']").click();
  await poll(`${what} to ${want === "true" ? "play" : "pause"}`, async () => (await playing(root)) === want);
}

/** Set a speed slider to its maximum (100×): the browser fires `input` as for a drag. */
async function fastest(root) {
  await root.locator("input[data-action='speed']").evaluate((el) => {
    el.value = el.max;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

/** Whether a frame's document overflows sideways at its current width. */
function overflow(frame) {
  return frame.evaluate(() => ({
    width: document.documentElement.clientWidth,
    scroll: document.documentElement.scrollWidth,
  }));
}

// ---------------------------------------------------------------------------------------
// The docs page with two iframes.

async function checkTwoIframesRender(page, url) {
  await page.goto(`${url}embed-example.html`);
  await waitInPage(
    page,
    "both iframes to post `ready`",
    (source) => window.embedEvents.filter((e) => e.source === source && e.type === "ready").length === 2,
    SOURCE,
  );
  const out = [];
  for (const id of ["failover", "acks1"]) {
    const frame = page.frameLocator(`#${id}`);
    const root = frame.locator("[data-embed='true']");
    check((await root.count()) === 1, `iframe #${id} has no [data-embed=true] root`);
    const brokers = await root.locator("[data-broker]").count();
    check(brokers === 3, `iframe #${id} should show 3 brokers, shows ${brokers}`);
    check((await root.locator(".side, .topbar").count()) === 0, `iframe #${id} shows more than the cluster and the bar`);
    out.push(`#${id}: ${await root.locator("[data-scenario]").getAttribute("data-scenario")}, ${brokers} brokers`);
  }
  return out.join("; ");
}

async function checkIframesIndependent(page) {
  const a = page.frameLocator("#failover");
  const b = page.frameLocator("#acks1");
  await fastest(a);
  await playPause(a, "true", "the first embed");
  await waitInPage(page, "the first embed to post `leader_elected`", () =>
    window.embedEvents.some((e) => e.frame === "failover" && e.type === "leader_elected"),
  );
  await playPause(a, "false", "the first embed");
  const aTime = await simTime(a);
  check(aTime > 0, "the first embed's clock did not move");
  check((await playing(b)) === "false" && (await simTime(b)) === 0, "playing the first embed started the second");
  // The second one, on its own, to its data loss.
  await fastest(b);
  await playPause(b, "true", "the second embed");
  await waitInPage(page, "the second embed to post `data_lost`", () =>
    window.embedEvents.some((e) => e.frame === "acks1" && e.type === "data_lost"),
  );
  await playPause(b, "false", "the second embed");
  check((await simTime(a)) === aTime, "playing the second embed moved the first");
  const events = await page.evaluate(() => window.embedEvents.filter((e) => e.type !== "step"));
  const elected = events.find((e) => e.frame === "failover" && e.type === "leader_elected");
  const lost = events.find((e) => e.frame === "acks1" && e.type === "data_lost");
  const steps = await page.evaluate(() => window.embedEvents.filter((e) => e.type === "step").length);
  return `#failover at ${aTime} ms: leader_elected ${elected.partition} → broker ${elected.leader} (epoch ${elected.epoch}); ` +
    `#acks1: data_lost ${lost.partition} [${lost.values.join(", ")}]; ${steps} step messages`;
}

async function checkIframesFit(page) {
  const sizes = [];
  for (const width of [320, 420, 600]) {
    for (const id of ["failover", "acks1"]) {
      await page.evaluate(([id, width]) => {
        const f = document.getElementById(id);
        f.style.width = `${width}px`;
        f.parentElement.style.width = "auto";
      }, [id, width]);
      const frame = await (await page.$(`#${id}`)).contentFrame();
      await poll(`iframe #${id} to be ${width} px wide inside`, async () => (await overflow(frame)).width === width, {
        seen: async () => JSON.stringify(await overflow(frame)),
      });
      // Its resize handling and the frames after it have run: the layout is the one it keeps.
      await animationFrames(frame, 2);
      const { width: w, scroll } = await overflow(frame);
      check(scroll <= w, `iframe #${id} at ${width} px overflows sideways: content is ${scroll} px wide`);
    }
    sizes.push(width);
  }
  return `no sideways overflow at ${sizes.join(", ")} px`;
}

// ---------------------------------------------------------------------------------------
// The JS API, mounted twice on one page.

async function checkApiMountedTwice(page, url) {
  await page.goto(`${url}api-example.html`);
  await waitInPage(page, "both playgrounds to be mounted (window.apiMounted)", () => window.apiMounted);
  const out = [];
  for (const id of ["first", "narrow"]) {
    const root = page.locator(`#${id} > [data-embed='true']`);
    await root.locator("[data-broker]").first().waitFor({ state: "attached" });
    check((await root.count()) === 1, `#${id} has no mounted playground`);
    const brokers = await root.locator("[data-broker]").count();
    check(brokers === 3, `#${id} should show 3 brokers, shows ${brokers}`);
    // The playground's styles came along (index.html carries them inline).
    const border = await root.locator("article.broker").first().evaluate((e) => getComputedStyle(e).borderTopWidth);
    check(border === "2px", `#${id}'s broker cards are unstyled (border ${border})`);
    out.push(`#${id}: ${await root.locator("[data-scenario]").getAttribute("data-scenario")}`);
  }
  const readyIds = () => page.evaluate(() => window.apiEvents.filter((e) => e.type === "ready").map((e) => e.id));
  await poll("both playgrounds to tell `ready`", async () => (await readyIds()).length >= 2, {
    seen: async () => (await readyIds()).join(", ") || "none",
  });
  const ready = await readyIds();
  check(ready.length === 2 && ready.includes("first") && ready.includes("narrow"), `ready events from ${ready.join(", ") || "none"}`);
  const refused = await page.locator("#api-error").textContent();
  check(/is not a bundled example/.test(refused) && /leader-failover/.test(refused), `a bad mount option was not refused with the valid ids: "${refused}"`);
  return `${out.join("; ")}; a bad option is refused: "${refused.slice(0, 70)}…"`;
}

async function checkApiIndependent(page) {
  const first = page.locator("#first > [data-embed]");
  const narrow = page.locator("#narrow > [data-embed]");
  await fastest(first);
  await playPause(first, "true", "the first playground");
  await waitInPage(page, "the first playground to tell of its election", () =>
    window.apiEvents.some((e) => e.id === "first" && e.type === "leader_elected"),
  );
  await playPause(first, "false", "the first playground");
  const firstTime = await simTime(first);
  check((await playing(narrow)) === "false" && (await simTime(narrow)) === 0, "playing the first playground started the second");
  // Keys go to the playground holding the focus only; a click anywhere in one gives it the focus.
  await narrow.locator(".embed-clock").click();
  // The first events of a run may all be at time 0: step until the clock moves.
  await poll("the key s, with the focus in the second playground, to step it past time 0", async () => {
    await page.keyboard.press("s");
    return (await simTime(narrow)) > 0;
  });
  check((await simTime(first)) === firstTime, "a key pressed in the second playground moved the first");
  const narrowTime = await simTime(narrow);
  // Removing one leaves the other.
  await page.evaluate(() => window.playgrounds[1].destroy());
  await poll("destroy() to remove the second playground", async () => (await page.locator("#narrow [data-embed]").count()) === 0);
  check((await first.locator("[data-broker]").count()) === 3, "destroying the second playground broke the first");
  return `first at ${firstTime} ms after its election, second stepped by keyboard on its own to ${narrowTime} ms; destroy() removes one`;
}

// ---------------------------------------------------------------------------------------
// Errors and the embed code.

async function checkBadOption(page, url) {
  await page.goto(`${url}?embed&scenario=nope`);
  await page.waitForSelector("[data-errors]");
  const text = await page.locator("[data-error]").allTextContents();
  check(text.length === 1, `expected one problem, got ${text.length}: ${text.join(" | ")}`);
  check(text[0].includes('"nope"') && text[0].includes("leader-failover") && text[0].includes("acks1-loss"),
    `the problem should name "nope" and list the ids: "${text[0]}"`);
  check((await page.locator("[data-embed='true'] [data-broker]").count()) > 0, "the embed behind the error did not render");
  return `"${text[0].slice(0, 80)}…"`;
}

async function checkEmbedCode(page, url) {
  await page.goto(`${url}?scenario=leader-failover&speed=0.5`);
  await page.waitForSelector("body[data-ready]");
  await page.locator("[data-action='copy-embed-code']").click();
  const code = await page.locator("[data-embed-code]").inputValue();
  const match = /^<iframe src="([^"]+)" width="100%" height="420" style="border:0" title="Kafka replication playground"><\/iframe>$/.exec(code);
  check(match, `the embed code is not one iframe line: ${code}`);
  check(match[1].endsWith("?embed&scenario=leader-failover&speed=0.5"), `the embed code's address lost the scenario or speed: ${match[1]}`);
  // The line works: put it in a page.
  await page.setContent(`<!DOCTYPE html><body>${code}</body>`);
  const frame = page.frameLocator("iframe");
  await frame.locator("[data-embed='true'] [data-broker]").first().waitFor();
  const scenario = await frame.locator("[data-scenario]").getAttribute("data-scenario");
  check(scenario === "leader-failover", `the pasted embed shows ${scenario}`);
  return match[1];
}

// ---------------------------------------------------------------------------------------
// Languages.

/** A host page in another folder, mounting a Chinese playground whose link points elsewhere. */
const CHINESE_HOST = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>host</title></head><body>
<div id="zh"></div>
<script type="module">
  import { mount } from "../playground-api.js";
  await mount(document.getElementById("zh"), { scenario: "leader-failover", lang: "zh", playgroundUrl: "https://example.org/kafka/" });
  window.apiMounted = true;
</script></body></html>`;

/** The JS API fetches zh.json from beside playground-api.js, whatever page and link it has. */
async function checkApiInChinese(page, url) {
  await page.goto(`${url}host/chinese.html`);
  await page.waitForSelector("#zh [data-embed='true'][lang='zh-CN'] [data-broker]");
  const step = await page.locator("#zh [data-action='step']").textContent();
  check(step === "单步", `the step button reads "${step}"`);
  check((await page.locator("#zh [data-errors]").count()) === 0, "the mounted playground lists problems");
  const fetched = await page.evaluate(() =>
    performance.getEntriesByType("resource").map((r) => new URL(r.name)).filter((u) => u.pathname.endsWith("/zh.json")).map((u) => u.pathname + u.search),
  );
  check(fetched.length === 1 && /^\/zh\.json\?v=[0-9a-f]{16}$/.test(fetched[0]), `zh.json fetched as ${JSON.stringify(fetched)}`);
  return `from /host/: ${fetched[0]}`;
}

async function checkLanguages(page, url, browser) {
  const brokerText = (p) => p.locator("[data-broker='1']").first().textContent();
  // Live: pick 中文 in the switch, as a user does, then back.
  await page.goto(`${url}?scenario=leader-failover`);
  await page.waitForSelector("body[data-ready]");
  check((await brokerText(page)).includes("running"), "the page should start in English");
  await page.locator("select[data-action='language']").selectOption("zh-CN");
  await waitInPage(
    page,
    "the broker card to read 运行中 and <html lang> to be zh-CN after choosing 中文",
    () => document.querySelector("[data-broker='1']").textContent.includes("运行中") && document.documentElement.lang === "zh-CN",
  );
  check(!(await brokerText(page)).includes("running"), `English left on the broker card: ${await brokerText(page)}`);
  check((await page.locator("h1").textContent()).includes("演练场"), "the title did not switch");
  check((await page.locator("[data-broker='1']").getAttribute("data-state")) === "running", "a test hook changed with the language");
  await page.locator("select[data-action='language']").selectOption("en");
  await waitInPage(
    page,
    "the broker card to read running and <html lang> to be en after choosing English",
    () => document.querySelector("[data-broker='1']").textContent.includes("running") && document.documentElement.lang === "en",
  );
  // From the address: an embed with lang=zh.
  await page.goto(`${url}?embed&scenario=leader-failover&lang=zh`);
  // The Chinese text (zh.json) is fetched after the first render.
  await page.waitForSelector("[data-embed='true'][lang='zh-CN'] [data-broker]");
  const step = await page.locator("[data-action='step']").textContent();
  check(step === "单步", `the embed bar's step button reads "${step}" with lang=zh`);
  // From the browser: a Chinese browser and no lang= in the address.
  const context = await browser.newContext({ locale: "zh-CN" });
  try {
    const zhPage = await context.newPage();
    zhPage.setDefaultTimeout(WAIT_MS);
    await zhPage.goto(`${url}?scenario=leader-failover`);
    await zhPage.waitForSelector(".app[lang='zh-CN']");
    check((await brokerText(zhPage)).includes("运行中"), `a zh-CN browser got: ${await brokerText(zhPage)}`);
  } finally {
    await context.close();
  }
  // A language the playground does not have is named, not silently replaced.
  await page.goto(`${url}?lang=xx`);
  await page.waitForSelector("[data-errors]");
  const problem = await page.locator("[data-error]").first().textContent();
  check(problem.includes('"xx"') && problem.includes("zh-CN"), `lang=xx shows: ${problem}`);
  // A problem with the address is listed in the page's language, its value quoted as written.
  await page.goto(`${url}?lang=zh&t=soon`);
  await page.waitForSelector(".app[lang='zh-CN'] [data-errors]");
  const zhProblem = await page.locator("[data-error]").first().textContent();
  check(zhProblem === "t=soon：应为以整毫秒计的模拟时间，例如 t=60000", `t=soon with lang=zh shows: ${zhProblem}`);
  return "live switch, ?lang=zh, zh-CN browser, lang=xx refused, a Chinese problem list";
}

const CHECKS = [
  ["docs page: two iframes render", checkTwoIframesRender],
  ["docs page: the iframes are independent and post messages", checkIframesIndependent],
  ["docs page: the iframes fit 320 to 600 px", checkIframesFit],
  ["JS API: mounted twice, both render", checkApiMountedTwice],
  ["JS API: the two are independent", checkApiIndependent],
  ["a bad option lists the valid ids", checkBadOption],
  ["copy embed code gives a working iframe line", checkEmbedCode],
  ["languages: switched live, from the address and from the browser", checkLanguages],
  ["JS API in Chinese on a page in another folder", checkApiInChinese],
];

async function main() {
  const dist = distDir(process.argv, "usage: node tests/e2e/embed.mjs <dist-dir>");
  const server = await serve(dist, { pages: { "/host/chinese.html": CHINESE_HOST } });
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  page.setDefaultTimeout(WAIT_MS);
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  let failed = 0;
  const start = Date.now();
  try {
    for (const [name, run] of CHECKS) {
      try {
        const detail = await run(page, url, browser);
        console.log(`embed: ok   ${name}${detail ? `: ${detail}` : ""}`);
      } catch (err) {
        failed += 1;
        const msg = err instanceof CheckError ? err.message : err.stack || String(err);
        console.error(`embed: FAIL ${name}: ${msg}`);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  for (const e of pageErrors) console.error(`embed: page error: ${e}`);
  if (failed > 0 || pageErrors.length > 0) {
    console.error(`embed: FAIL: ${failed} of ${CHECKS.length} check(s) failed, ${pageErrors.length} page error(s)`);
    process.exitCode = 1;
  } else {
    console.log(`embed: all ${CHECKS.length} checks passed (${((Date.now() - start) / 1000).toFixed(1)} s)`);
  }
}

main().catch((err) => {
  console.error(`embed: FAIL: ${err.stack || err}`);
  process.exitCode = 1;
});
