// Sizes of the wasm build: the main module every page loads, and, when the
// build is split (`cargo leptos build --split`, a split manifest beside
// it), the chunks each split module needs, raw and compressed as a server
// would send them. Prints one JSON object for scripts/lib/bench_table.py.
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

const sizes = new Map();
function size(file) {
  if (!sizes.has(file)) {
    const bytes = fs.readFileSync(path.join(pkg, file));
    const brotli = zlib.brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length;
    const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
    sizes.set(file, { raw: bytes.length, brotli, gzip });
  }
  return sizes.get(file);
}

const main = `${name}.wasm`;
if (!fs.existsSync(path.join(pkg, main))) {
  console.error(`${path.join(pkg, main)} missing: run cargo leptos build --release first`);
  process.exit(1);
}

// The manifest maps each split point (a lazy page view) to the chunk files
// it loads, without the .wasm suffix.
const manifestFile = path.join(pkg, "__wasm_split_manifest.json");
const manifest = fs.existsSync(manifestFile)
  ? JSON.parse(fs.readFileSync(manifestFile, "utf8"))
  : {};
let heaviest = { split: null, brotli: 0, raw: 0 };
for (const [split, chunks] of Object.entries(manifest)) {
  let brotli = 0, raw = 0;
  for (const chunk of chunks) {
    const s = size(`${chunk}.wasm`);
    brotli += s.brotli;
    raw += s.raw;
  }
  if (brotli > heaviest.brotli) heaviest = { split, brotli, raw };
}

const chunks = fs.readdirSync(pkg).filter((f) => f.endsWith(".wasm") && f !== main);
const total = chunks.reduce(
  (t, f) => {
    const s = size(f);
    return { raw: t.raw + s.raw, brotli: t.brotli + s.brotli };
  },
  { raw: 0, brotli: 0 },
);

console.log(JSON.stringify({
  file: path.join(pkg, main),
  ...size(main),
  splits: Object.keys(manifest).length,
  chunks: chunks.length,
  chunks_raw: total.raw,
  chunks_brotli: total.brotli,
  heaviest_split: heaviest.split,
  heaviest_split_brotli: heaviest.brotli,
  heaviest_split_raw: heaviest.raw,
}));
