"""Crash test: kill -9 the real app in the middle of a streamed reply. After a
restart the user's message and every character committed before the kill are
there, marked interrupted, and Continue generation completes the reply to
exactly the full text, in the same message."""
import signal
import sys

import pyatspi

from confab_e2e import Harness, fail, find, showing, wait_for

REPLY = ("Durability matters. Every character that reached the database before the crash "
         "must still be there afterwards, and continuing must produce exactly the text the "
         "model meant to send, with nothing doubled and nothing missing. 断电也不丢字。 End.")
PROMPT = "Tell me about durability"


def main():
    h = Harness(sys.argv[1], sys.argv[2], REPLY, chunk_delay_ms=60)
    try:
        app = h.start()
        h.send(app, PROMPT)
        # Kill once a good part, but not all, of the reply is on disk.
        wait_for("a partial reply on disk", lambda: any(
            r[0] == "assistant" and r[2] == "streaming" and len(r[1]) > len(REPLY) // 3
            for r in h.rows()), timeout=30, interval=0.02)
        h.stop(signal.SIGKILL)

        rows = h.rows()
        if [r[0] for r in rows] != ["user", "assistant"] or rows[0][1] != PROMPT:
            fail("after the kill the database holds %r" % rows)
        kept = rows[1][1]
        if not REPLY.startswith(kept) or not 0 < len(kept) < len(REPLY):
            fail("kept text %r is not a proper prefix of the reply" % kept)

        app = h.start()
        wait_for("the reply marked interrupted at start-up",
                 lambda: h.rows()[1][2] == "interrupted")
        if h.rows()[1][1] != kept:
            fail("start-up changed the kept text")
        h.open_conversation(app, PROMPT)
        # The Chat menu offers it, enabled, the way keyboard users reach it...
        wait_for("the Continue Generation menu item", lambda: find(
            app, lambda n: n.getRoleName() == "menu item"
            and n.name.replace("&", "") == "Continue Generation"
            and n.getState().contains(pyatspi.STATE_ENABLED)))
        # ...and the one click a user makes is on the button above the composer, found by
        # its accessible name as a screen reader finds it.
        button = wait_for("a showing Continue generation button", lambda: find(
            app, lambda n: n.getRoleName() == "push button"
            and n.name == "Continue generation" and showing(n)))
        button.queryAction().doAction(0)

        done = wait_for("the completed reply", lambda: [
            r for r in h.rows() if r[0] == "assistant" and r[2] == "complete"], timeout=40)
        if len(h.rows()) != 2:
            fail("continuing added messages: %r" % h.rows())
        if done[0][1] != REPLY:
            fail("continued reply differs:\n%r\n%r" % (done[0][1], REPLY))
        h.stop()
        print("PASS: %d of %d characters survived the kill; Continue generation completed the "
              "reply exactly" % (len(kept), len(REPLY)), flush=True)
    finally:
        h.close()


if __name__ == "__main__":
    main()
