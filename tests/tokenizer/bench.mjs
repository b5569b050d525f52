// The npm half of bench_tokenizer: times js-tiktoken and tiktoken (WASM) on the corpus and on
// runs of one repeated character, and writes the figures and the texts it used as JSON, so the
// C++ half times Confab's tokenizer on exactly the same input.
//
//   node bench.mjs NODE_MODULES_DIR CORPUS_JSON REPOSITORY_DIR OUT_JSON
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { loadCorpus } from "./corpus.mjs";

const [modules, corpusPath, repository, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node bench.mjs NODE_MODULES_DIR CORPUS_JSON REPOSITORY_DIR OUT_JSON");
  process.exit(2);
}
const require = createRequire(join(modules, "noop.js"));
const { getEncoding } = require("js-tiktoken");
const { get_encoding } = require("tiktoken");

// Ordinary text, two ways: the corpus's documents one by one (many short ones: the per-call cost
// counts), and its prose, code and JSON joined into one long document (throughput alone). The
// long runs of one character are measured apart: they are quadratic in both npm tokenizers and
// would swamp the figures.
const corpus = loadCorpus(corpusPath, repository);
const short = corpus.filter((c) => c.kind !== "repeat").map((c) => c.text);
const joined = corpus.filter((c) => c.kind === "text" || c.kind === "file").map((c) => c.text).join("\n\n");
const sets = [
  { name: `${short.length} documents`, documents: short },
  { name: "one long document", documents: [joined.repeat(Math.max(1, Math.round(200000 / joined.length)))] },
];
for (const set of sets) {
  set.bytes = set.documents.reduce((sum, d) => sum + Buffer.byteLength(d, "utf8"), 0);
  // Enough passes for a stable figure from the slowest of the three.
  set.passes = Math.max(1, Math.round(400000 / set.bytes));
}
const rounds = 3;

function time(set, encode) {
  let tokens = 0;
  for (const d of set.documents) tokens += encode(d).length; // warm-up (JIT, WASM)
  let best = Infinity;
  for (let r = 0; r < rounds; ++r) {
    const start = process.hrtime.bigint();
    for (let p = 0; p < set.passes; ++p) for (const d of set.documents) encode(d);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: best / set.passes, tokens };
}

// The longest run each npm tokenizer gets: both merge in quadratic time, and 100 KB would take
// tiktoken about a quarter of a minute and js-tiktoken hours.
const worstSizes = { tiktoken: [1000, 4000, 16000], js: [1000, 4000] };
const worstChars = ["a", " ", "!"];
function worst(encode, sizes) {
  const out = {};
  for (const c of worstChars)
    for (const n of sizes) {
      const text = c.repeat(n);
      const start = process.hrtime.bigint();
      encode(text);
      out[`${JSON.stringify(c)} ${n}`] = Number(process.hrtime.bigint() - start) / 1e9;
    }
  return out;
}

const results = {};
for (const name of ["o200k_base", "cl100k_base"]) {
  const js = getEncoding(name);
  const wasm = get_encoding(name);
  results[name] = {
    sets: sets.map((set) => ({
      tiktoken: time(set, (t) => wasm.encode_ordinary(t)),
      js: time(set, (t) => js.encode(t, [], [])),
    })),
    worst: {
      tiktoken: worst((t) => wasm.encode_ordinary(t), worstSizes.tiktoken),
      js: worst((t) => js.encode(t, [], []), worstSizes.js),
    },
  };
  wasm.free();
}
const out = { node: process.versions.node, sets, results };
writeFileSync(outPath, JSON.stringify(out).replace(/\ufeff/g, "\\ufeff"));
