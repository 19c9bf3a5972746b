// Times one simulated minute of steady load as wasm under node:
//   node bench/wasm-steady.mjs target/wasm32-unknown-unknown/release/examples/steady_minute.wasm [RUNS]
// The module is crates/core/examples/steady_minute.rs built for wasm32-unknown-unknown; it
// imports nothing and exports steady_minute_events() -> u64. One warm-up run (compilation
// tiers), then RUNS timed runs (default 3), each printed as `wasm_ms <ms>`, then `events <n>` and
// `memory_bytes <n>` (the module's linear memory).
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const [file, runsArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: node bench/wasm-steady.mjs FILE.wasm [RUNS]");
  process.exit(2);
}
const runs = Number.parseInt(runsArg ?? "3", 10);
const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
const run = instance.exports.steady_minute_events;
if (typeof run !== "function") {
  console.error(`${file} does not export steady_minute_events`);
  process.exit(2);
}
const events = run();
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const n = run();
  const ms = performance.now() - start;
  if (n !== events) {
    console.error(`run ${i}: ${n} events, the warm-up had ${events}: not deterministic`);
    process.exit(1);
  }
  console.log(`wasm_ms ${ms.toFixed(3)}`);
}
console.log(`events ${events}`);
console.log(`memory_bytes ${instance.exports.memory.buffer.byteLength}`);
