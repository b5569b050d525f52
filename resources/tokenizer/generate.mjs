// Writes the tokenizer data files in this folder from the npm `tiktoken` package:
//
//   bash tests/tokenizer/setup.sh /tmp/tok && node resources/tokenizer/generate.mjs /tmp/tok/node_modules
//
// o200k_base.bpe, cl100k_base.bpe: the byte string of every rank, in rank order.
//   Before compression: "CFBPE1\0\0", u32 LE count, count u8 lengths, then all bytes one after the
//   other. Ranks are contiguous from 0 (checked here), so a token's rank is its position.
// unicode-classes.bin: the character classes the pre-tokenization patterns use, per code point.
//   Before compression: "CFUCL1\0\0", u32 LE count, then count runs of (u32 LE first code point,
//   u8 class bits); a run lasts until the next one starts.
//
// Both are stored as Qt's qCompress() format (u32 BE uncompressed size, then a zlib stream), which
// qUncompress() reads. The class bits must match UnicodeClasses::Class in
// src/tokenizer/unicodeclasses.h. The categories come from this Node's ICU (\p{L}, \p{Lu}...);
// whitespace is the Unicode White_Space property, which is what tiktoken's `\s` means (Rust regex):
// JavaScript's \s differs in two code points (it has U+FEFF and lacks U+0085).
import { readFileSync, writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const modules = process.argv[2];
const out = process.argv[3] ?? dirname(fileURLToPath(import.meta.url));
if (!modules) {
  console.error("usage: node generate.mjs NODE_MODULES_DIR [OUT_DIR]");
  process.exit(2);
}

function qCompress(raw) {
  const size = Buffer.alloc(4);
  size.writeUInt32BE(raw.length);
  return Buffer.concat([size, deflateSync(raw, { level: 9, memLevel: 9 })]);
}

function vocabulary(name) {
  const data = JSON.parse(readFileSync(join(modules, "tiktoken", "encoders", `${name}.json`), "utf8"));
  const tokens = [];
  // Each line: a marker, the rank of its first token, then base64 tokens with consecutive ranks.
  for (const line of data.bpe_ranks.split("\n")) {
    if (!line) continue;
    const [, offset, ...encoded] = line.split(" ");
    encoded.forEach((b64, i) => {
      tokens[Number.parseInt(offset, 10) + i] = Buffer.from(b64, "base64");
    });
  }
  for (let rank = 0; rank < tokens.length; ++rank) {
    const t = tokens[rank];
    if (!t || t.length === 0 || t.length > 255) throw new Error(`${name}: rank ${rank} unusable`);
  }
  const header = Buffer.alloc(12);
  header.write("CFBPE1\0\0", 0, "latin1");
  header.writeUInt32LE(tokens.length, 8);
  const lengths = Buffer.from(tokens.map((t) => t.length));
  const raw = Buffer.concat([header, lengths, ...tokens]);
  writeFileSync(join(out, `${name}.bpe`), qCompress(raw));
  console.log(`${name}: ${tokens.length} ranks, ${raw.length} bytes, ${qCompress(raw).length} stored`);
}

function unicodeClasses() {
  const Letter = 1, Number = 2, Mark = 4, Space = 8, UpperLike = 16, LowerLike = 32;
  const tests = [
    [/^\p{L}$/u, Letter],
    [/^\p{N}$/u, Number],
    [/^\p{M}$/u, Mark],
    [/^\p{White_Space}$/u, Space],
    [/^[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]$/u, UpperLike],
    [/^[\p{Ll}\p{Lm}\p{Lo}\p{M}]$/u, LowerLike],
  ];
  const runs = [];
  let previous = -1;
  for (let cp = 0; cp < 0x110000; ++cp) {
    let bits = 0;
    if (cp < 0xd800 || cp > 0xdfff) {
      const s = String.fromCodePoint(cp);
      for (const [re, bit] of tests) if (re.test(s)) bits |= bit;
    }
    if (bits !== previous) {
      runs.push([cp, bits]);
      previous = bits;
    }
  }
  const raw = Buffer.alloc(12 + runs.length * 5);
  raw.write("CFUCL1\0\0", 0, "latin1");
  raw.writeUInt32LE(runs.length, 8);
  runs.forEach(([cp, bits], i) => {
    raw.writeUInt32LE(cp, 12 + i * 5);
    raw.writeUInt8(bits, 16 + i * 5);
  });
  writeFileSync(join(out, "unicode-classes.bin"), qCompress(raw));
  console.log(`unicode-classes: ${runs.length} runs (Unicode ${process.versions.unicode})`);
}

vocabulary("cl100k_base");
vocabulary("o200k_base");
unicodeClasses();
