// Loads @prisma/schema-engine-wasm on plain Node (no --experimental-wasm-modules):
// the package's entry point does `import * as wasm from "./schema_engine_bg.wasm"`,
// which Node 20 cannot import, so we instantiate the module by hand.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Directory of the installed @prisma/schema-engine-wasm package. */
export function wasmPackageDir() {
  return path.dirname(require.resolve('@prisma/schema-engine-wasm'));
}

/** Version (commit hash) of the wasm engine, read without instantiating it. */
export function wasmEngineHash() {
  const { version } = JSON.parse(fs.readFileSync(path.join(wasmPackageDir(), 'package.json'), 'utf8'));
  // "8.1.0-2.<hash>" -> "<hash>"
  const m = /\.([0-9a-f]{40})$/.exec(version);
  return m ? m[1] : version;
}

// The wasm glue reports Rust panics through this global (set_message).
export const panicRegistry = (globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
  message: undefined,
  set_message(message) {
    this.message = message;
  },
});

let loaded;
/** Returns the wasm-bindgen module exports ({ SchemaEngine, version, ... }). */
export function loadSchemaEngineWasm() {
  loaded ??= (async () => {
    const dir = wasmPackageDir();
    const bg = await import(pathToFileURL(path.join(dir, 'schema_engine_bg.js')).href);
    const bytes = fs.readFileSync(path.join(dir, 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg });
    bg.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start?.();
    return bg;
  })();
  return loaded;
}
