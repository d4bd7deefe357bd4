// Size of the wasm module every page loads, raw and compressed as a server
// would send it. Prints one JSON object for scripts/lib/bench_table.py.
//
// usage: node scripts/lib/wasm_size.js target/site/pkg cairn
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const [pkg, name] = process.argv.slice(2);
if (!pkg || !name) {
  console.error("usage: wasm_size.js <pkg dir> <output name>");
  process.exit(2);
}
const file = path.join(pkg, `${name}.wasm`);
if (!fs.existsSync(file)) {
  console.error(`${file} missing: run cargo leptos build --release first`);
  process.exit(1);
}
const bytes = fs.readFileSync(file);
console.log(JSON.stringify({
  file,
  raw: bytes.length,
  brotli: zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length,
  gzip: zlib.gzipSync(bytes, { level: 9 }).length,
}));
