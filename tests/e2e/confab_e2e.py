"""Shared pieces of the end-to-end tests: start the fake server and the real
confab binary with a private home, find widgets over AT-SPI by accessible
name, read the database the way a user's disk holds it."""
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import pyatspi


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


def named(role, name):
    return lambda n: n.getRoleName() == role and n.name == name


def showing(node):
    return node.getState().contains(pyatspi.STATE_SHOWING)


def item_texts(node):
    texts = []
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            texts.append(child.name or "")
    return texts


def click(node):
    box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(box.x + box.width // 2, box.y + box.height // 2, "b1c")


def press_enter():
    pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)


def _app_node(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            pass
    return None


class Harness:
    """A private home, the fake server, and the app started and stopped in it."""

    def __init__(self, confab, fake, reply, chunk_delay_ms, server_args=()):
        self.confab = confab
        self.tmp = tempfile.mkdtemp(prefix="confab-e2e-")
        port_file = os.path.join(self.tmp, "port")
        self.log_file = os.path.join(self.tmp, "requests.jsonl")
        self.server = subprocess.Popen([fake, "--port-file", port_file, "--log", self.log_file,
                                        "--reply", reply, "--chunk-delay-ms", str(chunk_delay_ms)]
                                       + list(server_args))
        port = wait_for("the fake server", lambda: os.path.exists(port_file)
                        and open(port_file).read().strip())
        self.key = "sk-e2e-test-key-0123456789"
        self.env = dict(os.environ)
        self.env.update({
            "HOME": self.tmp,
            "XDG_DATA_HOME": os.path.join(self.tmp, "data"),
            "XDG_CONFIG_HOME": os.path.join(self.tmp, "config"),
            "OPENAI_BASE_URL": "http://127.0.0.1:%s/v1" % port,
            "OPENAI_API_KEY": self.key,
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "QT_ACCESSIBILITY": "1",
            "QT_QPA_PLATFORM": "xcb",
        })
        self.db_path = os.path.join(self.tmp, "data", "confab", "confab.sqlite3")
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([self.confab], env=self.env)
        return wait_for("confab on the accessibility bus", lambda: _app_node(self.proc.pid))

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def close(self):
        if self.proc and self.proc.poll() is None:
            self.stop(signal.SIGKILL)
        self.server.terminate()
        self.server.wait()

    def rows(self):
        """(role, content, state) of every stored message, oldest first."""
        if not os.path.exists(self.db_path):
            return []
        con = sqlite3.connect(self.db_path, timeout=5)
        try:
            return con.execute(
                "SELECT role, content, state FROM messages ORDER BY id").fetchall()
        except sqlite3.Error:
            return []
        finally:
            con.close()

    def send(self, app, text):
        """Types into the Message box and presses Enter, as a user does."""
        box = wait_for("the Message box", lambda: find(app, named("text", "Message")))
        box.queryEditableText().setTextContents(text)
        box.queryComponent().grabFocus()
        time.sleep(0.3)
        press_enter()

    def open_conversation(self, app, title):
        conversations = wait_for("the Conversations list",
                                 lambda: find(app, named("list", "Conversations")))
        titles = wait_for("a stored conversation", lambda: item_texts(conversations))
        if title not in titles:
            fail("conversation %r not listed: %r" % (title, titles))
        click(conversations.getChildAtIndex(titles.index(title)))

    def assert_key_not_on_disk(self):
        for root, _, files in os.walk(self.tmp):
            for name in files:
                path = os.path.join(root, name)
                if path == self.log_file:
                    continue  # the fake server's own record of what it received
                with open(path, "rb") as handle:
                    if self.key.encode() in handle.read():
                        fail("the API key was written to " + path)
