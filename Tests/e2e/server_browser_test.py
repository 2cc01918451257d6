#!/usr/bin/env python3
"""The web page in headless Chromium (Debian's `chromium`), driven over the DevTools protocol:
the page loads the board and follows /ws; a task created over REST appears without a reload;
the page's own form and status menu make changes the server sees.
Usage: server_browser_test.py [path/to/isomorphiq-tui]"""
import asyncio
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

from websockets.asyncio.client import connect

from serverlib import TOKEN, Checks, Server, binary_from_argv, free_port

checks = Checks()


class Page:
    """One Chromium tab over the DevTools protocol."""

    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0

    async def call(self, method, **params):
        self.next_id += 1
        await self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(await self.ws.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})

    async def eval(self, expression):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")

    async def wait_for(self, expression, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = await self.eval(expression)
            if value:
                return value
            await asyncio.sleep(0.05)
        return None


def start_chromium():
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        return None, None, None
    profile = tempfile.mkdtemp(prefix="isomorphiq-chromium-")
    port = free_port()
    process = subprocess.Popen(
        [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=%d" % port, "--user-data-dir=" + profile, "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/json/version" % port, timeout=1)
            return process, port, profile
        except OSError:
            time.sleep(0.05)
    process.kill()
    return None, None, profile


async def drive(server, devtools_port):
    request = urllib.request.Request("http://127.0.0.1:%d/json/new?about:blank" % devtools_port, method="PUT")
    target = json.loads(urllib.request.urlopen(request, timeout=5).read())
    async with connect(target["webSocketDebuggerUrl"], max_size=None) as ws:
        page = Page(ws)
        await page.call("Page.enable")
        await page.call("Page.navigate", url="%s/?token=%s" % (server.base, TOKEN))
        state = await page.wait_for("document.getElementById('state') && document.getElementById('state').textContent === 'open'")
        checks.check("page connects to /ws (state open)", state, await page.eval("document.getElementById('state') && document.getElementById('state').textContent"))
        checks.check("page fetched nothing from elsewhere", await page.eval(
            "performance.getEntriesByType('resource').every(e => e.name.startsWith(location.origin) || e.name.startsWith('ws'))"))
        await page.eval("window.__notReloaded = true")

        status, _, created = server.request("POST", "/api/tasks", {"title": "made over REST", "priority": "high"})
        checks.check("REST create", status == 201, created)
        shown = await page.wait_for("[...document.querySelectorAll('#tasks li .title')].some(e => e.textContent === 'made over REST')")
        checks.check("a task created over REST appears on the page", shown)
        checks.check("... without a reload", await page.eval("window.__notReloaded === true"))
        checks.check("the event feed shows it", await page.wait_for(
            "[...document.querySelectorAll('#feed li')].some(e => e.textContent.includes('task_created made over REST'))"))
        checks.check("the page shows the seq it follows", await page.wait_for(
            "document.getElementById('seq').textContent === '%d'" % created["seq"]))

        await page.eval("""(() => { const f = document.getElementById('create'); f.title.value = 'made on the page';
                                   f.priority.value = 'low'; f.querySelector('button').click(); })()""")
        appeared = await page.wait_for("[...document.querySelectorAll('#tasks li .title')].some(e => e.textContent === 'made on the page')")
        _, _, listing = server.request("GET", "/api/tasks?text=made%20on%20the%20page")
        checks.check("the page's form creates a task the server has", appeared and listing["total"] == 1, listing)

        task_id = created["task"]["id"]
        await page.eval("""(() => { const s = document.querySelector('#tasks li[data-id="%s"] select.status');
                                   s.value = 'in-progress'; s.dispatchEvent(new Event('change')); })()""" % task_id)
        changed = False
        for _ in range(100):
            _, _, body = server.request("GET", "/api/tasks/" + task_id)
            if body["task"]["status"] == "in-progress":
                changed = True
                break
            await asyncio.sleep(0.05)
        checks.check("the page's status menu changes the status on the server", changed)

        _, _, clients = server.request("GET", "/api/clients")
        checks.check("the page is listed as a browser client", any(c["program"] == "browser" for c in clients["clients"]), clients)


def main():
    binary = binary_from_argv()
    chromium, devtools_port, profile = start_chromium()
    if not chromium:
        checks.check("chromium is installed and starts (apt-get install chromium)", False)
        checks.done()
    server = Server(binary)
    try:
        asyncio.run(drive(server, devtools_port))
    finally:
        server.stop()
        chromium.kill()
        chromium.wait()
        shutil.rmtree(profile, ignore_errors=True)
    checks.done()


if __name__ == "__main__":
    main()
