#!/usr/bin/env python3
"""Writes the seed corpora in tests/fuzz/corpus/<harness>/ from the test vectors
(shared/sse-vectors.md, the data tables of tests/tst_*.cpp, tests/tokenizer/corpus.json).
Each seed starts with the harness's choice bytes (see the comment at the top of each
fuzz_<name>.cpp). Run it again after changing the vectors; the files are committed."""
import hashlib
import json
import pathlib
import shutil
import struct

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPUS = HERE / "corpus"


def write(harness, seeds):
    folder = CORPUS / harness
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for seed in seeds:
        name = hashlib.sha1(seed).hexdigest()[:16]
        (folder / name).write_bytes(seed)


def u16(n):
    return struct.pack("<H", n % 65536)


# --- SSE: the conformance cases, each cut at its first chunk boundary -------------------------
SSE = [
    [b"event: completion\n", b'data: {"foo":true}\n', b"\n"],
    [b'data: {"foo":true}\n', b"\n"],
    [b"event: ping\n", b"\n"],
    [b"event: ping\n", b"data: {\n", b'data: "foo":\n', b"data: \n", b"data:\n", b"data: true}\n", b"\n\n"],
    [b'data: {"content":" \xe2\x80\xa8"}\n', b"\n"],
    [b'data: {"content":"', b"\xd0", b"\xb8\xd0\xb7\xd0", b"\xb2\xd0\xb5\xd1\x81\xd1\x82\xd0\xbd\xd0\xb8", b'"}\n', b"\n"],
    [b"data: A\r\n", b"data: B\r", b"\n", b"data: C\r\n", b"\n"],
    [b"data: dog\r", b"data: bark\r\r"],
    [b"data: sheep\r\n", b"data: bleat\r\n\r\n"],
    [b"data: one\r", b"\r", b"\n"],
    [b"data: foo\r", b"\r", b"\r", b"\n", b"data: bar", b"\n", b"\n"],
    [b"data:test\n\ndata: test\n\ndata:  test\n\n"],
    [b"data\n\ndata\ndata\n\ndata:"],
    [b": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n"],
    [b"data:1\r:\0\n:\r\ndata:2\n:" + b"x" * 2048 + b"\rdata:3\n:data:fail\r:" + b"x" * 2048 + b"\ndata:4\n\n"],
    [b"\xef\xbb\xbfdata: bomful 1\n\n", b"\xef\xbb\xbfdata: bomful 2\n\n", b"data: bomless 3\n\n"],
    [b"data:abc\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:123\n\n"],
    [b"event:\ndata: Hello 1\n\n", b"event:\n\n"],
    [b"retry:1000\nretry:2000x\ndata:x\n\n"],
    [b"id: 123\nid: bad\0id\ndata: hello\n\n"],
    [b"id: 1\ndata: a\n\ndata: b\n\n"],
    [b"retry:1000\ndata:test1\n\nid:test\ndata:test2"],
    [b": OPENROUTER PROCESSING\n\n", b": keep-alive\n\n", b"data: {}\n\n"],
    [b"id: 1\ndata: {}\n\n", b": ping\n\n"],
    [b"retry: 1000\n\ndata: {}\n\n"],
    [b'error: {"code":400,"message":"the request exceeds the available context size"}\n', b"data: [DONE]\n\n"],
]
write("sseparser", [u16(len(chunks[0])) + b"".join(chunks) for chunks in SSE])


# --- Chat chunks: the Chat Completions cases on top of SSE ----------------------------------
def ev(obj):
    return b"data: " + (obj if isinstance(obj, bytes) else json.dumps(obj).encode()) + b"\n\n"


def delta(**d):
    return ev({"id": "c1", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": d, "finish_reason": None}], "usage": None})


def finish(reason):
    return ev({"choices": [{"index": 0, "delta": {}, "finish_reason": reason}]})


USAGE = ev({"choices": [], "usage": {"prompt_tokens": 79, "completion_tokens": 1, "total_tokens": 80}})
DONE = b"data: [DONE]\n\n"
SSE_MODE, JSON_MODE, ERROR_MODE, UNTYPED_MODE, CUT = 0, 1, 2, 3, 4


def error_mode(status_index, html=False):
    return ERROR_MODE | (status_index << 3) | (0x80 if html else 0)


STATUSES = [400, 401, 402, 403, 404, 407, 413, 429, 500, 502, 503, 302]
CHAT = [
    (SSE_MODE, delta(role="assistant", content="") + delta(content="Hel") + delta(content="lo \u4f60\u597d") + finish("stop") + USAGE + DONE),
    (SSE_MODE, ev({"choices": []}) + DONE + ev({"late": 1})),
    (SSE_MODE, delta(content="partial") + ev({"error": {"message": "The server had an error while processing your request.", "type": "server_error"}})),
    (SSE_MODE, delta(content="kept") + b"event: error\n" + ev({"error": {"message": "x", "type": "server_error"}})),
    (SSE_MODE, b'error: {"code":400,"message":"the request exceeds the available context size"}\n' + DONE),
    (SSE_MODE, delta(content="end") + b"data: [DONE]"),
    (SSE_MODE, ev({"choices": [], "prompt_filter_results": [{"prompt_index": 0}], "id": "", "created": 0}) + delta(content="azure") + finish("stop") + DONE),
    (SSE_MODE, delta(role="assistant", content=None, refusal="") + delta(refusal="I can't help with that.") + finish("stop") + DONE),
    (SSE_MODE, delta(reasoning_content="Let me think") + delta(reasoning="...") + delta(content="42") + finish("stop") + DONE),
    (SSE_MODE, delta(content="cut") + finish("length") + DONE),
    (SSE_MODE, delta(content="filtered") + finish("content_filter") + DONE),
    (SSE_MODE | CUT, delta(content="dropped mid") + delta(content="-reply")),
    (SSE_MODE, b"data: {not json\n\n"),
    (SSE_MODE, b""),
    (UNTYPED_MODE, b"just some text, no events\n"),
    (UNTYPED_MODE, delta(content="local server") + DONE),
    (JSON_MODE, json.dumps({"choices": [{"message": {"role": "assistant", "content": "whole", "reasoning_content": "hm", "refusal": None}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}}).encode()),
    (JSON_MODE, b'{"error":{"message":"bad","type":"invalid_request_error"}}'),
    (JSON_MODE, b"<html>not json</html>"),
    (error_mode(0), b'{"error":{"message":"This model\'s maximum context length is 8192 tokens","type":"invalid_request_error","code":"context_length_exceeded"}}'),
    (error_mode(1), b'{"error":{"message":"Incorrect API key provided: sk-abc123def456ghi789jkl012mno345pq","type":"invalid_request_error","code":"invalid_api_key"}}'),
    (error_mode(2), b'{"error":{"message":"Insufficient credit","code":402}}'),
    (error_mode(4), b'{"error":{"message":"The model `gpt-9` does not exist","code":"model_not_found"}}'),
    (error_mode(7), b'{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}'),
    (error_mode(7), b'{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}'),
    (error_mode(8), b'{"error":"plain string error"}'),
    (error_mode(9, html=True), b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"),
    (error_mode(5), b"Proxy Authentication Required"),
    (error_mode(11), b""),
]
write("chatchunk", [bytes([mode]) + u16(len(body) // 2) + body for mode, body in CHAT])


# --- Markdown: the renderer's and the block tests' texts, and a recorded reply ---------------
TRICKY = ("# Title\nText under it.\n\n- one\n\n- two, loose\n\n  continued in the item\n\n1. first\n2. second\n\n"
          "```python\nx = 1\n\n\ny = 2  # blank lines inside\n```\n\n~~~\nno language\n~~~\n\n"
          "> quoted\n\n> another quote\n\n<!-- a comment\n\nspanning blank lines -->\n\n"
          "| a | b |\n|---|---|\n| 1 | 2 |\n\n    indented code\n\n    more of it\n\n"
          "Setext heading\n===\n\nFinal paragraph with `code` and a https://example.org link.\n")
MARKDOWN = [
    TRICKY,
    "<img src=\"http://evil/x.png\">\n\nhi <b>bold</b> ![pic](http://x/y.png)\n",
    "<script>alert(1)</script>\n<div onclick=\"x()\">\n\ntext <span style=\"x\">in</span> <a href=\"javascript:alert(1)\">a</a>\n",
    "[click](javascript:alert(1)) [v](VBSCRIPT:x) [f](file:///etc/passwd) [d](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(1)>\n",
    "- [ ] todo\n- [x] done\n\n1. item\n   ```cpp\n   int main() { return 0; }\n   ```\n\n> ```js\n> const a = \"<b>\";\n> ```\n",
    "| left | center | right |\n|:---|:---:|---:|\n| `a|b` | **bold** | ~~gone~~ |\n\nText[^1] and [ref].\n\n[ref]: http://example.org \"Title\"\n",
    "```\nunclosed fence\n``",
    "Setext\n---\n\n***\n\n    code\n\n<pre>\nraw pre\n</pre>\n\nhttps://autolink.example.org/path?q=1&x=<y>\n",
    "5. start at five\n6. six\n\n* star\n+ plus\n\n> nested\n> > deeper\n>\n> - list in quote\n",
    "混合 **中文** 与 `代码` 😀 and e\u0301 and \u2028 line separator\r\nwindows line\rold mac\n",
]
# What fuzz_markdown found (tst_markdownblocks has each as a case).
MARKDOWN += [
    "1. item\n   ```cpp\n  int main() {}\n   ```\n\n> ```js\n> const a = 1;\n> ```\n",
    "1. item\n   ```\n   code\n```\n\nnext\n\nmore\n",
    "<pre>\n</pre code\n\n<pre>\nraw pre\n</pre>\n\nhttps://a.example\n",
    "<pre>\n</script>\n\n```\n\n</pre>\n\nz\n```\n\nq\n",
    "<textarea>\n\n```\n\n</textarea>\n\nz\n```\n\nq\n",
    "~~~\nno language\n~~~\v\n\n> quoted\n\nafter\n",
    "<!nted x\n\n```\n\n-->\n\nz\n```\n\nq\n",
    "1. item\n   ```cp line\rcpp\n   int main() {}\n   ```\n\n> ```js\n> const a = 1;\n>\"```\n",
    "<div\n```\n\n```\n\ne\n",
]
reply = (ROOT / "tests/benchmarks/data/streaming_reply.md").read_text(encoding="utf-8")
MARKDOWN += [reply[:1500], reply[1500:3000]]
write("markdown", [struct.pack("<Q", i + 1) + md.encode() for i, md in enumerate(MARKDOWN)])


# --- Tokenizer: the oracle corpus's short texts, and malformed UTF-8 ------------------------
cases = json.loads((ROOT / "tests/tokenizer/corpus.json").read_text(encoding="utf-8"))["cases"]
TOKENS = [c["text"].encode("utf-8", "surrogatepass") for c in cases if "text" in c and len(c["text"]) <= 2000]
TOKENS += [b"\xff\xfe broken \xc3 utf-8 \xe4\xb8", b"\xed\xa0\x80 surrogate", b"<|endoftext|> hi",
           b"a" * 300, b" " * 100 + b"x", b"12345678901234567890", b"\r\n\r\n  \n\t\t", b"ab" * 100]
write("tokenizer", TOKENS)


# --- Continuation joiner: tst_continuationjoiner's cases --------------------------------------
def joiner_seed(existing, continuation, seed):
    """repeat byte, cut byte, 8 seed bytes, text: the harness rebuilds a continuation that
    repeats `repeat` characters of the reply's end; the cut is approximate for non-ASCII."""
    text = existing + continuation
    repeat = 0
    for k in range(min(len(existing), len(continuation), 127), 0, -1):
        if continuation.startswith(existing[-k:]):
            repeat = k
            break
    extra = continuation[repeat:]
    text = existing + extra
    cut = (len(existing) * 256 + len(text) - 1) // len(text) if text else 0
    return bytes([repeat, min(cut, 255)]) + struct.pack(">Q", seed) + text.encode("utf-8")


JOINS = [
    ("The quick brown fox jum", "ps over the lazy dog."),
    ("The quick brown fox jum", "brown fox jumps over the dog."),
    ("First line.\nSecond line is long", "Second line is long and ends."),
    ("\u77ed\u56de\u7b54\uff1a\u4f60\u597d\u4e16\u754c", "\u77ed\u56de\u7b54\uff1a\u4f60\u597d\u4e16\u754c\uff0c\u518d\u89c1\u3002"),
    ("I like the", "the theory"),
    ("Already said all of this.", "all of this."),
    ("", "Fresh text"),
    ("a\n\n\n\n\n\n\n", "\n\n\n\n\n\n\nb"),
]
write("continuationjoiner", [joiner_seed(e, c, i + 1) for i, (e, c) in enumerate(JOINS)])


# --- Export file names: the slug tests' titles --------------------------------------------
TITLES = ["Hello World", "\u4e1c\u4eac \u65c5\u884c\u8ba1\u5212", "a/b\\c:d*e?f\"g<h>i|j", "../../etc/passwd",
          "a\nb\tc\0d\x7fe\u202ef", "\U0001F642\U0001F680", "", "...", "CON", "lpt1", "console",
          "COM\u00b9", "lpt\u00b3.txt", "Cafe\u0301 cr\u00e8me", "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e",
          "\U00020000\U00020001", "\u6f22" * 40, "e\u0301\u0301" * 30, "trip plan \u6771\u4eac"]
seeds = []
for i, title in enumerate(TITLES):
    seeds.append(bytes([0]) + struct.pack(">q", i + 1) + bytes([1]) + title.encode("utf-8"))
seeds.append(bytes([1]) + struct.pack(">q", 42) + bytes([2]) + "lone \ud800 surrogate".encode("utf-16-le", "surrogatepass"))
write("exportfilename", seeds)
