"""Shared helpers for the server's end-to-end scripts: start `isomorphiq-tui serve` on free
ports with a throw-away data directory, call the REST API, count checks.

Every script prints a last line "N passed, N failed" and exits non-zero on any failure."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

TOKEN = "e2e-token-0123456789abcdef"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`isomorphiq-tui serve` in the background; `url`, `port`, `tcp_port` once it listens."""

    def __init__(self, binary, *extra, tcp=False, store=("--store", "memory")):
        self.binary = binary
        self.data = tempfile.mkdtemp(prefix="isomorphiq-e2e-")
        self.tcp_port = free_port() if tcp else 0
        args = [binary, "serve", "--port", "0", "--tcp-port", str(self.tcp_port), "--data-dir", self.data,
                *store, "--user", "e2e", "--token", TOKEN, "--log-level", "warning", *extra]
        self.stderr = open(os.path.join(self.data, "stderr.log"), "w")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://([^:/]+):(\d+)/", line or "")
        if not match:
            self.stop()
            raise RuntimeError("server did not start: %r; stderr: %s" % (line, open(os.path.join(self.data, "stderr.log")).read()))
        self.host, self.port = match.group(1), int(match.group(2))
        self.base = "http://%s:%d" % (self.host, self.port)
        self.ws = "ws://%s:%d/ws" % (self.host, self.port)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.stderr.close()
        shutil.rmtree(self.data, ignore_errors=True)

    def cli(self, *args):
        """Runs `isomorphiq-tui ARGS --data-dir DATA` against this server's data directory
        (e.g. `token add bob`, which the running server picks up at once); its stdout, stripped."""
        done = subprocess.run([self.binary, *args, "--data-dir", self.data], capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            raise RuntimeError("%s failed (%d): %s" % (" ".join(args), done.returncode, done.stderr))
        return done.stdout.strip()

    def request(self, method, path, body=None, token=TOKEN, headers=None):
        """(status, headers, parsed JSON or text)."""
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if token:
            request.add_header("Authorization", "Bearer " + token)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw, status, head = response.read(), response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            raw, status, head = error.read(), error.code, dict(error.headers)
        try:
            return status, head, json.loads(raw)
        except ValueError:
            return status, head, raw.decode(errors="replace")


class Checks:
    """Counts named checks; `done()` prints the closing line and exits."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print("ok   " + name)
        else:
            self.failed += 1
            print("FAIL " + name + (": " + str(detail) if detail else ""))
        sys.stdout.flush()
        return condition

    def done(self):
        print("%d passed, %d failed" % (self.passed, self.failed))
        sys.exit(1 if self.failed else 0)


def binary_from_argv():
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/isomorphiq-tui"
    if not os.path.exists(binary):
        print("no binary at %s (build first)" % binary)
        print("0 passed, 1 failed")
        sys.exit(1)
    return os.path.abspath(binary)
