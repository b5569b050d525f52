// Encodes the corpus with the npm tokenizers and writes what they say, for tst_tokenizercorpus:
//
//   node oracle.mjs NODE_MODULES_DIR CORPUS_JSON REPOSITORY_DIR OUT_JSON
//
// For every case and for o200k_base and cl100k_base: the ids from js-tiktoken (the reference the
// issue names) and from tiktoken (OpenAI's Rust core compiled to WASM). The texts are written
// out too, so the C++ test encodes exactly what these saw, random cases included.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { loadCorpus } from "./corpus.mjs";

const [modules, corpusPath, repository, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node oracle.mjs NODE_MODULES_DIR CORPUS_JSON REPOSITORY_DIR OUT_JSON");
  process.exit(2);
}
const require = createRequire(join(modules, "noop.js"));
const { getEncoding } = require("js-tiktoken");
const { get_encoding } = require("tiktoken");

const encoders = ["o200k_base", "cl100k_base"].map((name) => ({
  name,
  js: getEncoding(name),
  wasm: get_encoding(name),
}));
// A checksum of each vocabulary as the npm package has it (every rank's length byte and bytes, in
// rank order), which the test recomputes from the vocabulary Confab ships.
function vocabularyDigest(name) {
  const data = JSON.parse(readFileSync(join(modules, "tiktoken", "encoders", `${name}.json`), "utf8"));
  const tokens = [];
  for (const line of data.bpe_ranks.split("\n")) {
    if (!line) continue;
    const [, offset, ...encoded] = line.split(" ");
    encoded.forEach((b64, i) => (tokens[Number.parseInt(offset, 10) + i] = Buffer.from(b64, "base64")));
  }
  const hash = createHash("sha256");
  for (const t of tokens) hash.update(Buffer.from([t.length])).update(t);
  return { size: tokens.length, sha256: hash.digest("hex") };
}

const out = { node: process.versions.node, unicode: process.versions.unicode, cases: [], vocabularies: {} };
for (const e of encoders) out.vocabularies[e.name] = vocabularyDigest(e.name);
for (const c of loadCorpus(corpusPath, repository)) {
  const entry = { name: c.name, text: c.text, divergent: c.divergent };
  for (const e of encoders) {
    // No special tokens: "<|endoftext|>" typed by a user is text (tiktoken's encode_ordinary).
    entry[e.name] = {
      js: e.js.encode(c.text, [], []),
      tiktoken: Array.from(e.wasm.encode_ordinary(c.text)),
    };
  }
  out.cases.push(entry);
}
for (const e of encoders) e.wasm.free();
// Escaped, because Qt's JSON parser drops a raw U+FEFF at the start of a string value.
writeFileSync(outPath, JSON.stringify(out).replace(/\ufeff/g, "\\ufeff"));
console.log(`${out.cases.length} cases written to ${outPath}`);
