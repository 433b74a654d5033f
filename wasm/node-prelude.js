// node-prelude.js — placed before the Emscripten loader (--extern-pre-js, wasm/CMakeLists.txt).
// The 3.1.6 loader is written for CommonJS: under Node it reads `__dirname` as it starts, and
// calls `require` only if it must read the .wasm itself (wasm/index.js always passes the bytes).
// An ES module has neither, so Node gets both here, synchronously and without importing any
// Node module; in browsers and workers they are two undefined names that nothing reads.
var __dirname, require;
if (typeof process == "object" && typeof process.versions == "object" &&
    typeof process.versions.node == "string") {
  const getBuiltin = typeof process.getBuiltinModule == "function" ? process.getBuiltinModule : null;
  const here = new URL(".", import.meta.url);
  __dirname = here.protocol !== "file:" ? "" :
    getBuiltin ? getBuiltin("url").fileURLToPath(here) : decodeURIComponent(here.pathname);
  if (getBuiltin) require = getBuiltin("module").createRequire(import.meta.url);
}
