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

// Ordinary text: every case but the long runs of one character, which are measured apart (they
// are quadratic in both npm tokenizers and would swamp the figure).
const documents = loadCorpus(corpusPath, repository)
  .filter((c) => c.kind !== "repeat")
  .map((c) => c.text);
const bytes = documents.reduce((sum, d) => sum + Buffer.byteLength(d, "utf8"), 0);
// Enough passes for a stable figure from the slowest of the three.
const passes = Math.max(1, Math.round(400000 / bytes));
const rounds = 3;

function time(encode) {
  let tokens = 0;
  for (const d of documents) tokens += encode(d).length; // warm-up (JIT, WASM)
  let best = Infinity;
  for (let r = 0; r < rounds; ++r) {
    const start = process.hrtime.bigint();
    for (let p = 0; p < passes; ++p) for (const d of documents) encode(d);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: best / passes, tokens };
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
    tiktoken: time((t) => wasm.encode_ordinary(t)),
    js: time((t) => js.encode(t, [], [])),
    worst: {
      tiktoken: worst((t) => wasm.encode_ordinary(t), worstSizes.tiktoken),
      js: worst((t) => js.encode(t, [], []), worstSizes.js),
    },
  };
  wasm.free();
}
const out = { node: process.versions.node, bytes, passes, documents, results };
writeFileSync(outPath, JSON.stringify(out).replace(/\ufeff/g, "\\ufeff"));
