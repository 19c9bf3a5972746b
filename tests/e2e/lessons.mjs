// Every lesson step's question can be answered from what is on screen.
//
//   node tests/e2e/lessons.mjs <dist-dir>
//
// For each lesson and step, in English and Chinese, at 1280×800: open the step as it ends
// (`?lesson=<id>&step=<n>&done`), then check that the question and everything the step names
// as its evidence (the question's `data-evidence`: a broker's log, Now's facts, the why, the
// waits, the consumer, the producer, a partition's chips, the alert) are inside the viewport
// together, without scrolling or switching tabs. Exits 1 listing every step that fails.

import { WAIT_MS, distDir, launchChromium, serve } from "./lib.mjs";

const VIEWPORT = { width: 1280, height: 800 };

const dist = distDir(process.argv, "usage: node tests/e2e/lessons.mjs <dist-dir>");
const server = await serve(dist);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium();
const failures = [];
let checked = 0;

/** Where each selector's matches lie, and whether each lies wholly inside the viewport. */
function placements([selectors, viewport]) {
  const inside = (r) =>
    r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 &&
    r.right <= viewport.width && r.bottom <= viewport.height;
  return selectors.map((selector) => {
    const found = [...document.querySelectorAll(selector)].map((el) => {
      const r = el.getBoundingClientRect();
      return { inside: inside(r), rect: [r.left, r.top, r.right, r.bottom].map(Math.round) };
    });
    return { selector, found };
  });
}

try {
  const page = await browser.newPage({ viewport: VIEWPORT });
  page.setDefaultTimeout(WAIT_MS);
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base);
  await page.waitForSelector("[data-lessons='list'] [data-lesson]");
  const lessons = await page.$$eval("[data-lessons='list'] [data-lesson]", (links) =>
    links.map((a) => ({ id: a.dataset.lesson, steps: Number(a.dataset.lessonSteps) })),
  );
  if (lessons.length === 0) throw new Error("the lesson list shows no lessons");
  for (const lang of ["en", "zh-CN"]) {
    for (const { id, steps } of lessons) {
      for (let step = 1; step <= steps; step++) {
        await page.goto(`${base}?lesson=${id}&step=${step}&done&lang=${lang}`);
        const card = `[data-lesson-id='${id}'][data-lesson-step='${step}'][data-step-done='true']`;
        await page.waitForSelector(`.app[lang='${lang}'] ${card}`, { state: "attached" });
        // The page settles its layout (node positions, marks) in the frames after it renders.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const evidence = (await page.getAttribute(`${card} [data-evidence]`, "data-evidence")) ?? "";
        const selectors = [".lesson-question", ...evidence.split(", ").filter(Boolean)];
        const seen = await page.evaluate(placements, [selectors, VIEWPORT]);
        checked++;
        for (const { selector, found } of seen) {
          // Chips of a partition: every one must show; anything else: one match is enough.
          const all = selector.startsWith("[data-replica");
          const ok = found.length > 0 && (all ? found.every((f) => f.inside) : found.some((f) => f.inside));
          if (!ok) {
            const where = found.length === 0 ? "not on the page" : found.map((f) => `[${f.rect}]`).join(" ");
            failures.push(`${lang} ${id} step ${step}: ${selector} is not in view (${where})`);
          }
        }
      }
    }
  }
  if (errors.length > 0) failures.push(`page errors: ${errors.join("; ")}`);
} finally {
  await browser.close();
  server.close();
}

if (failures.length > 0) {
  console.error(`FAIL: ${failures.length} problem(s) in ${checked} lesson steps:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`ok: in ${checked} lesson steps (English and Chinese, 1280×800) the question and its evidence are in view together`);
