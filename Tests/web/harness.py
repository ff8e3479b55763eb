"""Shared helpers of the web tests: a throw-away demo federation, HTTP, tokens, headless Chromium.

Everything a test starts is stopped again, also when the test fails or is interrupted: the demo runs
in its own process group, which is terminated (then killed) at exit, on SIGTERM/SIGINT, and by the
context manager; its temporary folder is removed.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_BIN = os.path.join(ROOT, ".build", "debug", "mosaic")

NODE_LINE = re.compile(r"^\s*([a-z][a-z0-9-]{1,31})\s+(http://127\.0\.0\.1:\d+)/?")
ACCOUNT_LINE = re.compile(r"demo account:\s*(\S+)\s*/\s*(\S+)")
TOKEN = re.compile(r"(mosaic_[A-Za-z0-9_\-]+)")


def mosaic_bin(argv_bin: str | None = None) -> str:
    path = argv_bin or os.environ.get("MOSAIC_BIN") or DEFAULT_BIN
    path = os.path.abspath(path)
    if not os.access(path, os.X_OK):
        sys.exit(f"error: {path} is missing; build it first (make build)")
    return path


class Report:
    """Counts checks and prints `NAME: N passed, N failed` as the closing line."""

    def __init__(self, name: str):
        self.name = name
        self.passed = 0
        self.failed = 0
        self.failures: list[str] = []

    def check(self, label: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.passed += 1
            print(f"  ok   {label}", flush=True)
        else:
            self.failed += 1
            message = f"{label}" + (f": {detail}" if detail else "")
            self.failures.append(message)
            print(f"  FAIL {message}", flush=True)
        return ok

    def finish(self) -> int:
        if self.failures:
            print(f"\n{self.name}: failures:")
            for failure in self.failures:
                print(f"  - {failure}")
        print(f"{self.name}: {self.passed} passed, {self.failed} failed", flush=True)
        return 1 if self.failed else 0


# ---------------------------------------------------------------------------------------------
# HTTP


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def __repr__(self) -> str:
        return f"<{self.status} {self.content_type} {self.body[:200]!r}>"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http(method: str, url: str, body=None, headers: dict | None = None, token: str | None = None,
         timeout: float = 30, raw: bytes | None = None, content_type: str | None = None) -> Response:
    """One request, never raising on an HTTP status; redirects are not followed."""
    hdrs = dict(headers or {})
    data = None
    if raw is not None:
        data = raw
        if content_type:
            hdrs["Content-Type"] = content_type
    elif body is not None:
        data = json.dumps(body).encode("utf-8")
        hdrs["Content-Type"] = content_type or "application/json"
    if token:
        hdrs["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with _opener.open(request, timeout=timeout) as answer:
            return Response(answer.status, answer.headers, answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read() if error.fp else b"")


def wait_until(predicate, timeout: float, interval: float = 0.5, what: str = "condition"):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except Exception as error:  # noqa: BLE001 - retried until the deadline
            last = error
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})")


# ---------------------------------------------------------------------------------------------
# The demo federation

_live: list["Demo"] = []


def _stop_all(*_):
    for demo in list(_live):
        demo.stop()


def _on_signal(signum, _frame):
    _stop_all()
    sys.exit(128 + signum)


atexit.register(_stop_all)
for _sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    try:
        signal.signal(_sig, _on_signal)
    except (ValueError, OSError):
        pass


class Demo:
    """`mosaic demo --nodes N` on a copy of Config/ and Members/ in a temporary folder."""

    def __init__(self, binary: str, nodes: int = 2, keep: bool = False, prepare=None):
        self.binary = binary
        self.prepare = prepare  # called with the config folder after the copy, before the start
        self.nodes_wanted = nodes
        self.keep = keep
        self.dir = tempfile.mkdtemp(prefix="mosaic-web-")
        self.process: subprocess.Popen | None = None
        self.nodes: list[tuple[str, str]] = []  # (member, base URL without trailing slash)
        self.account: tuple[str, str] | None = None
        self.output: list[str] = []
        self._lock = threading.Lock()

    # -- life cycle
    def __enter__(self) -> "Demo":
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self, timeout: float = 120):
        try:
            return self._start(timeout)
        except BaseException:
            self.stop()   # also removes the folder when the binary could not even be started
            raise

    def _start(self, timeout: float):
        # Run a copy of the binary: a rebuild while the test runs must not change or break it.
        copy = os.path.join(self.dir, "mosaic")
        for attempt in range(10):
            try:
                shutil.copy2(self.binary, copy)
                if subprocess.run([copy, "--version"], capture_output=True, timeout=30).returncode == 0:
                    break
            except (OSError, subprocess.SubprocessError):  # the linker may be writing it right now
                pass
            time.sleep(3)
        else:
            raise RuntimeError(f"cannot copy {self.binary}")
        self.binary = copy
        shutil.copytree(os.path.join(ROOT, "Config"), os.path.join(self.dir, "Config"))
        shutil.copytree(os.path.join(ROOT, "Members"), os.path.join(self.dir, "Members"))
        if self.prepare:
            self.prepare(self.config_dir)
        self.stderr_path = os.path.join(self.dir, "demo.stderr")
        stderr = open(self.stderr_path, "wb")
        self.process = subprocess.Popen(
            [self.binary, "demo", "--nodes", str(self.nodes_wanted), "--config-dir", self.config_dir],
            cwd=self.dir, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr,
            start_new_session=True, env={**os.environ, "NO_COLOR": "1"},
        )
        stderr.close()
        _live.append(self)
        threading.Thread(target=self._read, daemon=True).start()
        try:
            wait_until(lambda: len(self.nodes) >= self.nodes_wanted or self.process.poll() is not None,
                       timeout, what="the demo's node lines")
            if len(self.nodes) < self.nodes_wanted:
                raise RuntimeError(f"mosaic demo exited ({self.process.poll()}) before printing its nodes:\n"
                                   + "".join(self.output) + self.stderr_tail())
            for _, url in self.nodes:
                wait_until(lambda url=url: http("GET", url + "/healthz", timeout=5).status == 200, 60,
                           what=f"{url}/healthz")
            # The account line may come after the node lines.
            try:
                wait_until(lambda: self.account is not None, 5, 0.2, what="the demo account line")
            except TimeoutError:
                pass
        except BaseException:
            self.stop()
            raise
        return self

    def _read(self):
        assert self.process and self.process.stdout
        for raw in self.process.stdout:
            line = raw.decode("utf-8", "replace")
            with self._lock:
                self.output.append(line)
                node = NODE_LINE.match(line)
                if node and node.group(1) not in dict(self.nodes):
                    # The coordinator's line ("<- open this one (coordinator)") goes first.
                    if "coordinator" in line:
                        self.nodes.insert(0, (node.group(1), node.group(2)))
                    else:
                        self.nodes.append((node.group(1), node.group(2)))
                account = ACCOUNT_LINE.search(line)
                if account and self.account is None:
                    self.account = (account.group(1), account.group(2))

    def stderr_tail(self, lines: int = 30) -> str:
        try:
            with open(self.stderr_path, "rb") as handle:
                return "\n".join(handle.read().decode("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.process is not None and self.process.poll() is not None and self in _live:
            # It ended by itself while a test used it: a crash worth showing.
            print(f"harness: mosaic demo exited by itself with status {self.process.returncode}; its last lines:\n"
                  + "".join(self.output[-5:]) + self.stderr_tail(), flush=True)
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=10)
        if self in _live:
            _live.remove(self)
        if not self.keep and os.path.isdir(self.dir):
            shutil.rmtree(self.dir, ignore_errors=True)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    # -- helpers
    @property
    def config_dir(self) -> str:
        return os.path.join(self.dir, "Config", "demo")

    def config(self, member: str) -> str:
        return os.path.join(self.config_dir, f"{member}.yaml")

    def url(self, index: int) -> str:
        return self.nodes[index][1]

    def member(self, index: int) -> str:
        return self.nodes[index][0]

    def run(self, *args: str, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run([self.binary, *args], cwd=self.dir, input=stdin, capture_output=True, text=True,
                              timeout=timeout)

    def token(self, index: int, user: str | None = None) -> str:
        user = user or (self.account[0] if self.account else "demo")
        done = self.run("token", "create", "--user", user, "--config", self.config(self.member(index)))
        found = TOKEN.search(done.stdout)
        if done.returncode != 0 or not found:
            raise RuntimeError(f"mosaic token create --user {user} failed ({done.returncode}): "
                               f"{done.stdout.strip()} {done.stderr.strip()}")
        return found.group(1)

    def add_user(self, index: int, name: str, role: str, password: str) -> None:
        done = self.run("user", "add", name, "--role", role, "--password-stdin", "--config",
                        self.config(self.member(index)), stdin=password + "\n")
        if done.returncode != 0:
            raise RuntimeError(f"mosaic user add {name} failed ({done.returncode}): {done.stdout} {done.stderr}")

    def require_api(self, index: int = 0, timeout: float = 30) -> None:
        """Fails clearly when the binary does not have the JSON API yet."""
        url = self.url(index) + "/api/v1/status"
        try:
            wait_until(lambda: http("GET", url, timeout=5).status != 404, timeout, what=url)
        except TimeoutError:
            raise RuntimeError(f"{url} answers 404: this build of mosaic has no /api/v1 yet")


def sync(demo: Demo, index: int, token: str) -> Response:
    return http("POST", demo.url(index) + "/api/v1/peers/sync", token=token, timeout=60)


def populate_sync_map(demo: Demo, tokens: list[str]) -> None:
    """Gives the first node's sync map (`/network`) callers to show: it edits a record, every other node
    pulls (from it or through another node), then it edits again and only the second node pulls, so
    those that pulled from it directly before are shown behind.
    (A node with nothing new for a peer answers its vector only, which the map does not count as a pull.)"""
    base = demo.url(0)
    listing = http("GET", base + "/api/v1/records?type=practice&per_page=1", token=tokens[0]).json()
    record = listing["items"][0]["id"]
    for round_, pullers in enumerate((range(1, len(demo.nodes)), range(1, 2))):
        answer = http("PATCH", f"{base}/api/v1/records/{record}", token=tokens[0],
                      body={"results": {"en": f"Sync map edit {round_ + 1}"}})
        if answer.status != 200:
            raise RuntimeError(f"editing {record} on {demo.member(0)} failed: {answer!r}")
        for index in pullers:
            sync(demo, index, tokens[index])


# ---------------------------------------------------------------------------------------------
# Headless Chromium


def log_in(driver, base: str, account, wait) -> None:
    """Logs `driver` in on `base` through the login form with `account` (user, password), then waits for
    the logout button: the one sign-in of the accessibility and screenshot runs."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    user, password = account if account else ("demo", "")
    driver.get(base + "/login")
    wait.until(EC.presence_of_element_located((By.ID, "login-form")))
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "login-submit").click()
    wait.until(EC.presence_of_element_located((By.ID, "logout-submit")))


def chromium_driver(width: int = 1280, height: int = 900):
    """A headless Chromium driven through Debian's chromium-driver (no download, no sandbox)."""
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--lang=en-US", "--no-first-run",
                "--disable-extensions", "--disable-background-networking"):
        options.add_argument(arg)
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"):
        if os.access(candidate, os.X_OK):
            options.binary_location = candidate
            break
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    service = Service(executable_path=driver_path, log_output=subprocess.DEVNULL)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    driver.set_window_size(width, height)
    return driver


def quit_driver(driver) -> None:
    if driver is None:
        return
    try:
        driver.quit()
    except Exception:  # noqa: BLE001 - the browser may already be gone
        pass


def absolute(base: str, path: str) -> str:
    return urllib.parse.urljoin(base + "/", path.lstrip("/"))
