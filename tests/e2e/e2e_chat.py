"""End-to-end: send a message in the real app, see the streamed reply stored,
restart, find the conversation again. Driven over AT-SPI by accessible names."""
import json
import os
import subprocess
import sys

from confab_e2e import Harness, fail, find, item_texts, named, wait_for

REPLY = "Streaming works, one piece at a time. 流式输出正常，一点一点地到达。 The end."
PROMPT = "Hello from the end-to-end test"


def main():
    h = Harness(sys.argv[1], sys.argv[2], REPLY, chunk_delay_ms=40)
    try:
        app = h.start()
        h.send(app, PROMPT)

        # The reply streams: the stored text grows before it is complete.
        wait_for("a partial reply in the database", lambda: any(
            r[0] == "assistant" and r[2] == "streaming" and 0 < len(r[1]) < len(REPLY)
            for r in h.rows()), timeout=20, interval=0.02)
        done = wait_for("the complete reply", lambda: [
            r for r in h.rows() if r[0] == "assistant" and r[2] == "complete"])
        if done[0][1] != REPLY:
            fail("stored reply %r != %r" % (done[0][1], REPLY))
        users = [r for r in h.rows() if r[0] == "user"]
        if not users or users[0][1] != PROMPT:
            fail("user message not stored: %r" % users)
        messages = wait_for("the Messages list", lambda: find(app, named("list", "Messages")))
        wait_for("the reply on screen", lambda: any(REPLY in t for t in item_texts(messages)))

        with open(h.log_file) as f:
            request = json.loads(f.readline())
        headers = {k.lower(): v for k, v in request["headers"].items()}
        if headers.get("authorization") != "Bearer " + h.key:
            fail("Authorization header missing or wrong")
        body = request["body"]
        if body.get("stream") is not True or not body.get("stream_options", {}).get("include_usage"):
            fail("request did not ask for a stream with usage: %r" % body)
        if body["messages"][-1] != {"role": "user", "content": PROMPT}:
            fail("last message sent was %r" % body["messages"][-1])

        shot = os.environ.get("CONFAB_E2E_SCREENSHOT")
        if shot:
            subprocess.run(["import", "-window", "root", shot], check=False)
        h.stop()

        # Restart: the conversation is still there and opens with its reply.
        app = h.start()
        h.open_conversation(app, PROMPT)
        messages = wait_for("the Messages list", lambda: find(app, named("list", "Messages")))
        wait_for("the reply after restart", lambda: any(REPLY in t for t in item_texts(messages)))
        h.stop()
        h.assert_key_not_on_disk()
        print("PASS: sent with Enter, streamed, stored, found after restart", flush=True)
    finally:
        h.close()


if __name__ == "__main__":
    main()
