/**
 * What `import("h5wasm")` gives inside the page's bundle (web/build.ts maps the package here):
 * the h5wasm that `assets/h5wasm.js` (web/h5wasm_entry.ts, bundled on its own) installed, so
 * its 4 MB load only on the pages of the experiments that read the cat images' HDF5 files.
 */
import type h5wasmDefault from "h5wasm";

const loaded = (globalThis as { labH5wasm?: { default: typeof h5wasmDefault } }).labH5wasm;
if (!loaded) throw new Error("h5wasm is not loaded in this page (assets/h5wasm.js)");

export default loaded.default;
