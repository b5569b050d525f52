"""The machine fails under a streaming reply, through the real binary: the data folder is a real
1 MiB file system (tmpfs). It fills up mid-reply and is freed; the database file is deleted.
(A read-only remount is refused by the kernel while a file is open for writing, so the read-only
case is covered in tst_chatsession and tst_conversationstore instead.) Each time every character of the reply reaches the
database within seconds of the disk allowing it, the notice says in plain words what happened
(and screen readers hear it, as the label's name), a message typed while the disk is full stays
in the box, and quitting while a reply is only in memory asks first. Needs root (mount)."""
import os
import subprocess
import shutil
import sys
import tempfile
import time

import pyatspi

from confab_e2e import Harness, fail, find, named, showing, wait_for

# About 60,000 characters: long enough to fill a 1 MiB disk as it is written again and again.
LINE = "Line %05d of a long answer that must reach the disk whole, 一字不丢.\n"
REPLY = "".join(LINE % i for i in range(900))


def run(*cmd):
    subprocess.run(cmd, check=True)


def fill(folder):
    """Writes a file until the file system refuses another byte."""
    path = os.path.join(folder, "filler")
    with open(path, "ab", buffering=0) as handle:
        block = b"\0" * 4096
        try:
            while True:
                handle.write(block)
        except OSError:
            pass
        try:
            while True:
                handle.write(b"\0")
        except OSError:
            pass
    return path


def notice(app, words):
    return find(app, lambda n: n.getRoleName() == "label" and words in (n.name or "")
                and showing(n))


def last_reply(h):
    replies = [r for r in h.rows() if r[0] == "assistant"]
    return replies[-1] if replies else None


def wait_reply_streaming(h, at_least):
    wait_for("%d characters of the reply on disk" % at_least, lambda: (
        last_reply(h) and last_reply(h)[2] == "streaming" and len(last_reply(h)[1]) >= at_least),
        timeout=30, interval=0.02)


def wait_reply_saved(h, what, count):
    def saved():
        rows = [r for r in h.rows() if r[0] == "assistant"]
        return len(rows) == count and rows[-1][1] == REPLY and rows[-1][2] == "complete"
    started = time.monotonic()
    wait_for(what, saved, timeout=20, interval=0.05)
    return time.monotonic() - started


def message_box(app):
    return wait_for("the Message box", lambda: find(app, named("text", "Message")))


def box_text(app):
    text = message_box(app).queryText()
    return text.getText(0, text.characterCount)


def stop_enabled(app):
    stop = find(app, named("push button", "Stop"))
    return stop is not None and stop.getState().contains(pyatspi.STATE_ENABLED)


def main():
    if os.geteuid() != 0:
        fail("this test mounts a small file system and must run as root (CI does)")
    reply_dir = tempfile.mkdtemp(prefix="confab-e2e-reply-")
    reply_file = os.path.join(reply_dir, "reply.txt")
    with open(reply_file, "w", encoding="utf-8") as handle:
        handle.write(REPLY)
    h = Harness(sys.argv[1], sys.argv[2], "unused", chunk_delay_ms=3,
                server_args=["--reply-file", reply_file, "--chars-per-delta", "30"])
    data = h.env["XDG_DATA_HOME"]
    os.makedirs(data, exist_ok=True)
    run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", data)
    try:
        app = h.start()
        replies = 0

        # 1. The disk fills up mid-reply, and is freed.
        h.send(app, "Write a long answer")
        replies += 1
        wait_reply_streaming(h, 8000)
        filler = fill(data)
        wait_for("the disk-full notice", lambda: notice(app, "The disk is full."), timeout=20)
        wait_for("the reply to end while the disk is full", lambda: not stop_enabled(app),
                 timeout=60)
        kept = len(last_reply(h)[1])
        if kept >= len(REPLY):
            fail("the whole reply reached a full disk: the disk did not fill")
        # 2. A message typed while the disk is full stays in the box.
        h.send(app, "Typed while the disk is full")
        time.sleep(1.0)
        if box_text(app) != "Typed while the disk is full":
            fail("the message typed on a full disk left the box: %r" % box_text(app))
        if len([r for r in h.rows() if r[0] == "user"]) != 1:
            fail("a message was stored on a full disk?")
        os.remove(filler)
        took = wait_reply_saved(h, "the whole reply on disk after space was freed", replies)
        wait_for("the notice to go", lambda: not notice(app, "The disk is full."), timeout=10)
        print("disk full: %d of %d characters on disk when it filled; all of them %.1f s after "
              "space was freed" % (kept, len(REPLY), took), flush=True)

        # The message still in the box is sent now.
        message_box(app).queryComponent().grabFocus()
        time.sleep(0.3)
        pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)
        replies += 1
        wait_for("the kept message sent", lambda: box_text(app) == "", timeout=10)
        wait_reply_saved(h, "the reply to the kept message", replies)

        # 4. The database file is deleted while a reply streams.
        h.send(app, "One more long answer")
        replies += 1
        wait_reply_streaming(h, 8000)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(h.db_path + suffix):
                os.remove(h.db_path + suffix)
        took = wait_reply_saved(h, "the database written again with the whole reply", replies)
        if len([r for r in h.rows() if r[0] == "user"]) != replies:
            fail("messages were lost with the deleted file: %r" % [r[:1] for r in h.rows()])
        print("deleted: the database was back with every message, the last reply whole, %.1f s "
              "after it was deleted" % took, flush=True)

        # 5. Quitting while a reply is only in memory asks; freeing space and trying again
        # saves it and quits.
        h.send(app, "A last long answer")
        replies += 1
        wait_reply_streaming(h, 8000)
        filler = fill(data)
        wait_for("the reply to end while the disk is full", lambda: not stop_enabled(app),
                 timeout=60)
        quit_item = wait_for("the Quit menu item", lambda: find(
            app, lambda n: n.getRoleName() == "menu item" and n.name.replace("&", "") == "Quit"))
        quit_item.queryAction().doAction(0)
        retry = wait_for("the question before losing the reply", lambda: find(
            app, named("push button", "Try Again")), timeout=10)
        if h.proc.poll() is not None:
            fail("Confab quit over a reply it could not save")
        os.remove(filler)
        retry.queryAction().doAction(0)
        try:
            h.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            fail("Confab did not quit once the reply was saved")
        wait_reply_saved(h, "the last reply saved on the way out", replies)
        print("PASS: nothing lost to a full disk or a deleted database; "
              "quitting over an unsaved reply asked first", flush=True)
    finally:
        h.close()
        subprocess.run(["umount", "-l", data], check=False)
        shutil.rmtree(reply_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
