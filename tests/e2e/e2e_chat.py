"""End-to-end: send a message in the real app, see the streamed reply stored,
restart, find the conversation again. Driven over AT-SPI by accessible names."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import pyatspi

CONFAB, FAKE = sys.argv[1], sys.argv[2]
REPLY = "Streaming works, one piece at a time. 流式输出正常，一点一点地到达。 The end."
PROMPT = "Hello from the end-to-end test"
KEY = "sk-e2e-test-key-0123456789"


def fail(message):
    print("FAIL:", message, flush=True)
    # A picture of the screen at the moment of failure says more than a log.
    shot = os.environ.get("CONFAB_E2E_SCREENSHOT", "/tmp/confab-e2e-failure.png")
    subprocess.run(["import", "-window", "root", shot], check=False)
    print("screenshot:", shot, flush=True)
    sys.exit(1)


def wait_for(what, predicate, timeout=20.0, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    fail("timed out waiting for " + what)


def find(node, pred, depth=0):
    if node is None or depth > 40:
        return None
    try:
        if pred(node):
            return node
        for i in range(node.childCount):
            hit = find(node.getChildAtIndex(i), pred, depth + 1)
            if hit:
                return hit
    except Exception:  # a widget went away while we walked the tree
        return None
    return None


def app_node(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            pass
    return None


def named(role, name):
    return lambda n: n.getRoleName() == role and n.name == name


def item_texts(node):
    texts = []
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            texts.append(child.name or "")
    return texts


def start_confab(env):
    proc = subprocess.Popen([CONFAB], env=env)
    app = wait_for("confab on the accessibility bus", lambda: app_node(proc.pid))
    return proc, app


def stop_confab(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def db_rows(db_path):
    if not os.path.exists(db_path):
        return []
    con = sqlite3.connect(db_path, timeout=5)
    try:
        return con.execute(
            "SELECT role, content, state FROM messages ORDER BY id").fetchall()
    except sqlite3.Error:
        return []
    finally:
        con.close()


def main():
    tmp = tempfile.mkdtemp(prefix="confab-e2e-")
    port_file = os.path.join(tmp, "port")
    log_file = os.path.join(tmp, "requests.jsonl")
    server = subprocess.Popen([FAKE, "--port-file", port_file, "--log", log_file,
                               "--reply", REPLY, "--chunk-delay-ms", "40"])
    try:
        port = wait_for("the fake server", lambda: os.path.exists(port_file)
                        and open(port_file).read().strip())
        env = dict(os.environ)
        env.update({
            "HOME": tmp,
            "XDG_DATA_HOME": os.path.join(tmp, "data"),
            "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
            "OPENAI_BASE_URL": "http://127.0.0.1:%s/v1" % port,
            "OPENAI_API_KEY": KEY,
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "QT_ACCESSIBILITY": "1",
            "QT_QPA_PLATFORM": "xcb",
        })
        db_path = os.path.join(tmp, "data", "confab", "confab.sqlite3")

        proc, app = start_confab(env)
        box = wait_for("the Message box", lambda: find(app, named("text", "Message")))
        box.queryEditableText().setTextContents(PROMPT)
        box.queryComponent().grabFocus()
        time.sleep(0.3)
        # Enter sends (a real key press through XTest).
        pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)

        # The reply streams: the stored text grows before it is complete.
        saw_partial = wait_for("a partial reply in the database", lambda: any(
            r[0] == "assistant" and r[2] == "streaming" and 0 < len(r[1]) < len(REPLY)
            for r in db_rows(db_path)), timeout=20, interval=0.02)
        rows = wait_for("the complete reply", lambda: [
            r for r in db_rows(db_path) if r[0] == "assistant" and r[2] == "complete"])
        if rows[0][1] != REPLY:
            fail("stored reply %r != %r" % (rows[0][1], REPLY))
        users = [r for r in db_rows(db_path) if r[0] == "user"]
        if not users or users[0][1] != PROMPT:
            fail("user message not stored: %r" % users)
        messages = wait_for("the Messages list", lambda: find(app, named("list", "Messages")))
        wait_for("the reply on screen", lambda: any(REPLY in t for t in item_texts(messages)))

        with open(log_file) as f:
            request = json.loads(f.readline())
        headers = {k.lower(): v for k, v in request["headers"].items()}
        if headers.get("authorization") != "Bearer " + KEY:
            fail("Authorization header missing or wrong")
        body = request["body"]
        if body.get("stream") is not True or not body.get("stream_options", {}).get("include_usage"):
            fail("request did not ask for a stream with usage: %r" % body)
        if body["messages"][-1] != {"role": "user", "content": PROMPT}:
            fail("last message sent was %r" % body["messages"][-1])

        shot = os.environ.get("CONFAB_E2E_SCREENSHOT")
        if shot:
            subprocess.run(["import", "-window", "root", shot], check=False)
        stop_confab(proc)

        # Restart: the conversation is still there and opens with its reply.
        proc, app = start_confab(env)
        conversations = wait_for("the Conversations list",
                                 lambda: find(app, named("list", "Conversations")))
        titles = wait_for("a stored conversation", lambda: item_texts(conversations))
        if PROMPT not in titles:
            fail("conversation not listed after restart: %r" % titles)
        item = conversations.getChildAtIndex(titles.index(PROMPT))
        # Click it, as a user would.
        box = item.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        pyatspi.Registry.generateMouseEvent(box.x + box.width // 2, box.y + box.height // 2,
                                            "b1c")
        messages = wait_for("the Messages list", lambda: find(app, named("list", "Messages")))
        wait_for("the reply after restart", lambda: any(REPLY in t for t in item_texts(messages)))
        stop_confab(proc)
        for f in [db_path]:
            with open(f, "rb") as handle:
                if KEY.encode() in handle.read():
                    fail("the API key was written to the database")
        print("PASS: sent with Enter, streamed (partial seen: %s), stored, found after restart"
              % bool(saw_partial), flush=True)
        del item
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
