// The corpus shared by the corpus test (oracle.mjs) and the benchmark (bench.mjs): the cases of
// corpus.json, then seeded random strings. Returns [{name, text, divergent, kind}], kind being
// "text", "repeat", "file" or "random".
import { readFileSync } from "node:fs";
import { join } from "node:path";

// A small, well-known PRNG, so the random cases are the same on every machine.
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters chosen to meet at the edges of the patterns: letters of every case and category,
// marks, digits, apostrophes and contraction letters, whitespace of several kinds, punctuation,
// CJK and emoji.
const pool = [
  ..."aAbBsStTrReEvVmMlLdDxyzQ",
  ..."''''''",
  ..."       \t\n\n\r",
  "\r\n", "\u00a0", "\u3000", "\u2003",
  ..."0123456789", "٣", "１",
  ..."!?.,;:/-_()[]{}<>\"#$%&*+=@\\^`|~",
  "中", "文", "字", "あ", "カ", "한", "Ω", "ω", "Ж", "ж", "ß", "é", "É", "ǅ", "ʰ", "ª",
  "\u0301", "\u0308", "\u0903", "क", "\u093f", "ไ", "\u0e31",
  "😀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "\u200d", "\ufe0f",
];

export function loadCorpus(corpusPath, repository) {
  const corpus = JSON.parse(readFileSync(corpusPath, "utf8"));
  const cases = corpus.cases.map((c) => {
    const divergent = Boolean(c.divergent);
    if (c.text !== undefined) return { name: c.name, text: c.text, divergent, kind: "text" };
    if (c.repeat !== undefined) {
      const text = (c.prefix ?? "") + c.repeat.repeat(c.count) + (c.suffix ?? "");
      return { name: c.name, text, divergent, kind: "repeat" };
    }
    if (c.file !== undefined) {
      const text = readFileSync(join(repository, c.file), "utf8");
      return { name: c.name, text, divergent, kind: "file" };
    }
    throw new Error(`case ${c.name} has no text`);
  });
  const random = mulberry32(corpus.random.seed);
  for (let i = 0; i < corpus.random.count; ++i) {
    const length = Math.floor(random() * (corpus.random.maxLength + 1));
    let text = "";
    for (let j = 0; j < length; ++j) text += pool[Math.floor(random() * pool.length)];
    cases.push({ name: `random ${i}`, text, divergent: false, kind: "random" });
  }
  return cases;
}
