// Size of the wasm module every page loads, raw and compressed as a server
// would send it, and of the split modules (`cargo leptos build --split`)
// each page group loads on top of it. Prints one JSON object for
// scripts/lib/bench_table.py.
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
  console.error(`${file} missing: run cargo leptos build --release --split first`);
  process.exit(1);
}

const brotli = (bytes) => zlib.brotliCompressSync(bytes, {
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
}).length;

const bytes = fs.readFileSync(file);
const out = {
  file,
  raw: bytes.length,
  brotli: brotli(bytes),
  gzip: zlib.gzipSync(bytes, { level: 9 }).length,
};

// The split modules: the manifest maps each split point to the chunk files
// it needs (the ones it shares with other points included).
const manifestFile = path.join(pkg, "__wasm_split_manifest.json");
if (fs.existsSync(manifestFile)) {
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  const sizes = new Map();
  const size = (chunk) => {
    if (!sizes.has(chunk)) {
      const b = fs.readFileSync(path.join(pkg, `${chunk}.wasm`));
      sizes.set(chunk, { raw: b.length, brotli: brotli(b) });
    }
    return sizes.get(chunk);
  };
  out.groups = {};
  for (const [point, chunks] of Object.entries(manifest)) {
    // `render_crm_1234…`: the split function's name and a hash of where it is.
    const group = point.replace(/_[0-9]+$/, "");
    out.groups[group] = {
      chunks: chunks.length,
      raw: chunks.reduce((s, c) => s + size(c).raw, 0),
      brotli: chunks.reduce((s, c) => s + size(c).brotli, 0),
    };
  }
  out.chunks = sizes.size;
  out.chunks_brotli = [...sizes.values()].reduce((s, c) => s + c.brotli, 0);
}
console.log(JSON.stringify(out));
