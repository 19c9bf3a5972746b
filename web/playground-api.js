// The playground's JS API for any page: `mount(element, options)`, as many times as you like.
//
//   <div id="demo"></div>
//   <script type="module">
//     import { mount } from "https://example.org/playground/playground-api.js";
//     const el = document.getElementById("demo");
//     el.addEventListener("kafka-playground", (e) => console.log(e.detail.type, e.detail));
//     const playground = await mount(el, { scenario: "leader-failover", speed: 0.5, autoplay: true });
//     // playground.destroy() removes it again.
//   </script>
//
// Options (all optional): scenario (a bundled example id), speed (0.01–100), autoplay,
// panels (["partition", "clients", "faults", "setup", "plans", "describe", "charts",
// "timeline", "log"]), lang, embed (default true: the compact view; false for the full
// playground), playgroundUrl (the "open in the full playground" link; default: index.html
// next to this file). A wrong option rejects with an Error naming the valid values.
//
// The build's file names are hashed, so this reads index.html next to it for the module, the
// wasm and the styles (inlined there by trunk), and loads them once for all mounts on the page.

const INDEX = new URL("index.html", import.meta.url);
let loaded;

async function load() {
  const response = await fetch(INDEX);
  if (!response.ok) throw new Error(`cannot load ${INDEX}: HTTP ${response.status}`);
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  const script = [...doc.querySelectorAll("script[type=module]")].map((s) => s.textContent).join("\n");
  const js = /from\s+['"]([^'"]+\.js)['"]/.exec(script);
  const wasm = /module_or_path:\s*['"]([^'"]+\.wasm)['"]/.exec(script);
  if (!js || !wasm) throw new Error(`${INDEX} does not load the playground's module`);
  // Styles first: the app measures its layout on the first render.
  for (const style of doc.querySelectorAll("style")) {
    document.head.append(document.adoptNode(style));
  }
  // The module's main() mounts into <body> unless told that this page mounts by itself; files
  // it fetches later (the Chinese text) are beside index.html, not beside this page.
  window.kafkaPlaygroundManualMount = true;
  window.kafkaPlaygroundBase = INDEX.href;
  const module = await import(new URL(js[1], INDEX).href);
  await module.default({ module_or_path: new URL(wasm[1], INDEX) });
  return module;
}

/** Mount a playground into `element`; resolves to a handle with `destroy()`. */
export async function mount(element, options = {}) {
  loaded ??= load();
  const module = await loaded;
  return module.mount(element, { playgroundUrl: INDEX.href, ...options });
}
