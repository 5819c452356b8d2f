/**
 * The entry of `assets/h5wasm.js`: h5wasm (HDF5 compiled to WebAssembly, the package data/h5.ts
 * reads the cat images with) as a script of its own, installed as `globalThis.labH5wasm` for
 * the page's bundle (web/h5wasm_page.ts).
 */
import * as h5wasm from "h5wasm";

(globalThis as { labH5wasm?: unknown }).labH5wasm = h5wasm;
