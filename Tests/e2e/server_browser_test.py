#!/usr/bin/env python3
"""The web page in headless Chromium (Debian's `chromium`), driven over the DevTools protocol as
a person would use it: the token prompt, the board (every task, paged, with the count), rows
(short id, priority, tags, due red when past, blocked mark, assignee), create / edit / delete on
the page, an edit conflict, the filter in the TUI's query language (and a bad one), changes made
over REST appearing live, and screenshots at 1280x900 and at 390x844 (a phone).
Usage: server_browser_test.py [path/to/isomorphiq-tui]
The screenshots are kept in a temporary directory whose path is printed."""
import asyncio
import base64
import json
import shutil
import struct
import subprocess
import tempfile
import time
import urllib.request

from websockets.asyncio.client import connect

from serverlib import TOKEN, Checks, Server, binary_from_argv, free_port

checks = Checks()


class Page:
    """One Chromium tab over the DevTools protocol. Exceptions thrown in the page are collected."""

    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.exceptions = []

    async def call(self, method, **params):
        self.next_id += 1
        await self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(await self.ws.recv())
            if message.get("method") == "Runtime.exceptionThrown":
                details = message["params"]["exceptionDetails"]
                self.exceptions.append(details.get("exception", {}).get("description") or details.get("text"))
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"]))
                return message.get("result", {})

    async def eval(self, expression):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError("evaluate failed: %s\n%s" % (result["exceptionDetails"], expression))
        return result.get("result", {}).get("value")

    async def wait_for(self, expression, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = await self.eval(expression)
            except RuntimeError:  # e.g. an element not there yet
                value = None
            if value:
                return value
            await asyncio.sleep(0.05)
        return None

    async def navigate(self, url):
        await self.call("Page.navigate", url=url)
        await self.wait_for("document.readyState === 'complete'")

    async def click(self, selector):
        return await self.eval("(() => { const e = document.querySelector(%s); if (!e) return false; e.click(); return true; })()" % json.dumps(selector))

    async def fill(self, selector, value):
        """Types `value` into a field as a user would (the page hears `input`)."""
        return await self.eval("""(() => { const e = document.querySelector(%s); if (!e) return false;
            e.value = %s; e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); return true; })()"""
                               % (json.dumps(selector), json.dumps(value)))

    async def text(self, selector):
        return await self.eval("(() => { const e = document.querySelector(%s); return e ? e.textContent : null; })()" % json.dumps(selector))

    async def visible(self, selector):
        """Whether the element is displayed and lies (at least partly) inside the viewport."""
        return await self.eval("""(() => { const e = document.querySelector(%s); if (!e) return false;
            const r = e.getBoundingClientRect(); if (!r.width || !r.height) return false;
            return r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth; })()""" % json.dumps(selector))


def row(title):
    """JS: the list row whose title is exactly `title`, or null."""
    return "[...document.querySelectorAll('#tasks li')].find(li => li.querySelector('.title').textContent === %s)" % json.dumps(title)


def shown(title):
    """JS: whether the list shows a row titled `title`."""
    return "!!" + row(title)


def png_size(data):
    """(width, height) from a PNG's IHDR chunk, or None when it is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def start_chromium():
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        return None, None, None
    profile = tempfile.mkdtemp(prefix="isomorphiq-chromium-")
    port = free_port()
    process = subprocess.Popen(
        [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         "--hide-scrollbars", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=%d" % port,
         "--user-data-dir=" + profile, "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/json/version" % port, timeout=1)
            return process, port, profile
        except OSError:
            time.sleep(0.05)
    process.kill()
    return None, None, profile


async def wait_server(predicate, timeout=5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        await asyncio.sleep(0.05)
    return None


async def token_prompt(page, server):
    """Without a token the page asks for one; a token revoked while the page is open brings the
    prompt back; a wrong token is refused in the prompt; the right one opens the board."""
    status, _, body = server.request("GET", "/", token=None)
    await page.navigate(server.base + "/")
    asked = await page.wait_for("document.getElementById('tokenbox') && !document.getElementById('tokenbox').hidden", timeout=3)
    checks.check("opened without a token, the page asks for one (not raw 401 JSON)", asked,
                 "GET / without a token is %s %s: the server must serve the page without a token "
                 "(add \"/\" to AuthMiddleware.openPaths); the page then asks for the token" % (status, str(body)[:80]))
    if asked:
        await page.fill("#token-input", TOKEN)
        await page.click("#token-form button")
        checks.check("... and entering the token opens the board", await page.wait_for(
            "document.getElementById('state').dataset.state === 'open'"))

    bob = server.cli("token", "add", "bob")
    await page.navigate("%s/?token=%s" % (server.base, bob))
    checks.check("a page opened with bob's token is live as bob", await page.wait_for(
        "document.getElementById('state').dataset.state === 'open' && document.getElementById('who').textContent.includes('bob')"))
    server.cli("token", "revoke", "bob")
    checks.check("bob's token revoked: the page asks for a token and says why", await page.wait_for(
        "!document.getElementById('tokenbox').hidden && document.getElementById('token-why').textContent.includes('revoked')"))
    checks.check("... and shows that it is signed out, not live", await page.text("#state") == "signed out")
    await page.fill("#token-input", "not-a-token-0123456789")
    await page.click("#token-form button")
    checks.check("a wrong token is refused in the prompt", await page.wait_for(
        "!document.getElementById('token-error').hidden && document.getElementById('token-error').textContent.includes('refused')"))
    await page.fill("#token-input", TOKEN)
    await page.click("#token-form button")
    checks.check("the right token opens the board (prompt gone, live as e2e)", await page.wait_for(
        "document.getElementById('tokenbox').hidden && document.getElementById('state').dataset.state === 'open'"
        " && document.getElementById('who').textContent.includes('e2e')"))
    checks.check("... and the page keeps it for the tab (sessionStorage)", await page.eval(
        "sessionStorage.getItem('isomorphiq.token') === %s" % json.dumps(TOKEN)))


async def live_and_rows(page, server):
    await page.navigate("%s/?token=%s" % (server.base, TOKEN))
    checks.check("page connects to /ws (state live)", await page.wait_for("document.getElementById('state').dataset.state === 'open'"),
                 await page.text("#state"))
    checks.check("page fetched nothing from elsewhere", await page.eval(
        "performance.getEntriesByType('resource').every(e => e.name.startsWith(location.origin) || e.name.startsWith('ws'))"))
    await page.eval("window.__notReloaded = true")

    status, _, created = server.request("POST", "/api/tasks", {"title": "made over REST", "priority": "high", "tags": ["backend"]})
    checks.check("REST create", status == 201, created)
    task_id = created["task"]["id"]
    checks.check("a task created over REST appears on the page", await page.wait_for(shown("made over REST")))
    checks.check("... without a reload", await page.eval("window.__notReloaded === true"))
    checks.check("the live feed names it by title", await page.wait_for(
        "[...document.querySelectorAll('#feed li')].some(e => e.textContent.includes('created') && e.textContent.includes('made over REST'))"))
    checks.check("the page shows the seq it follows", await page.wait_for("document.getElementById('seq').textContent === '%d'" % created["seq"]))
    cells = await page.eval("(() => { const r = %s; return {sid: r.querySelector('.sid').textContent, prio: r.querySelector('.prio').textContent,"
                            " tags: r.querySelector('.tags')?.textContent, who: r.querySelector('.assignee').textContent}; })()" % row("made over REST"))
    checks.check("the row shows the short id", cells["sid"] == "#" + task_id[:8], cells)
    checks.check("the row shows the priority as text", cells["prio"] == "high", cells)
    checks.check("the row shows the tags", cells["tags"] == "+backend", cells)
    checks.check("an unassigned task says unassigned, not its creator", cells["who"] == "unassigned" and "e2e" not in cells["who"], cells)

    server.request("PUT", "/api/tasks/%s/assign" % task_id, {"assignedTo": "carol"})
    checks.check("an assignment over REST shows the assignee live", await page.wait_for(
        "%s.querySelector('.assignee').textContent === '@carol'" % row("made over REST")))
    checks.check("the feed line for an assignment carries the title", await page.wait_for(
        "[...document.querySelectorAll('#feed li')].some(e => e.textContent.includes('assigned') && e.textContent.includes('made over REST') && e.textContent.includes('@carol'))"))

    await page.eval("""(() => { const s = %s.querySelector('select.status');
                               s.value = 'in-progress'; s.dispatchEvent(new Event('change')); })()""" % row("made over REST"))
    changed = await wait_server(lambda: server.request("GET", "/api/tasks/" + task_id)[2]["task"]["status"] == "in-progress")
    checks.check("the row's status menu changes the status on the server", changed)
    checks.check("the feed line for a status change carries the title", await page.wait_for(
        "[...document.querySelectorAll('#feed li')].some(e => e.textContent.includes('todo → in-progress') && e.textContent.includes('made over REST'))"))

    server.request("POST", "/api/tasks", {"title": "overdue report", "due": "2020-01-01"})
    server.request("POST", "/api/tasks", {"title": "future report", "due": "2099-01-01"})
    await page.wait_for(shown("future report"))
    colours = await page.eval("""(() => { const c = (t) => { const r = [...document.querySelectorAll('#tasks li')].find(li => li.querySelector('.title').textContent === t);
        const d = r.querySelector('.due'); return [d.textContent, getComputedStyle(d).color, d.classList.contains('overdue')]; };
        return [c('overdue report'), c('future report')]; })()""")
    past, future = colours

    def reddish(css):
        r, g, b = [int(x) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
        return r > 150 and g < 100 and b < 100
    checks.check("a past due date is shown red", past[2] and reddish(past[1]) and "2020" in past[0], colours)
    checks.check("a future due date is not red", not future[2] and not reddish(future[1]), colours)

    _, _, first = server.request("POST", "/api/tasks", {"title": "prerequisite"})
    server.request("POST", "/api/tasks", {"title": "waits for it", "dependencies": [first["task"]["id"]]})
    checks.check("a task with an open dependency shows the blocked mark", await page.wait_for(
        "%s?.querySelector('.blk')?.textContent === '⊘'" % row("waits for it")))
    checks.check("... and its dependency does not", await page.eval("!%s.querySelector('.blk')" % row("prerequisite")))
    server.request("PUT", "/api/tasks/%s/status" % first["task"]["id"], {"status": "done"})
    checks.check("the dependency done over REST: the mark goes, live", await page.wait_for("!%s.querySelector('.blk')" % row("waits for it")))
    return task_id


async def offline_and_back(page, server):
    """The connection drops (the browser goes offline): the header says so and counts down; a
    change made meanwhile shows once the page is back, resumed from its seq without a reload."""
    await page.call("Network.enable")
    await page.call("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1, uploadThroughput=-1)
    await page.eval("S.socket.close()")
    offline = await page.wait_for("document.getElementById('state').dataset.state === 'offline' && document.getElementById('state').textContent")
    checks.check("a dropped connection shows as offline, with the retry countdown", offline and "retrying in" in offline, offline)
    checks.check("... and a 'retry now' button", await page.visible("#retry"))
    server.request("POST", "/api/tasks", {"title": "made while offline"})
    await asyncio.sleep(0.3)
    checks.check("... while offline the change has not arrived", await page.eval("!" + shown("made while offline")))
    await page.call("Network.emulateNetworkConditions", offline=False, latency=0, downloadThroughput=-1, uploadThroughput=-1)
    await page.click("#retry")
    checks.check("back online: live again", await page.wait_for("document.getElementById('state').dataset.state === 'open'"), await page.text("#state"))
    checks.check("... and the change made meanwhile appears (resumed from the seq, no reload)", await page.wait_for(shown("made while offline"))
                 and await page.eval("window.__notReloaded === true"))
    await page.call("Network.disable")


async def create_edit_delete(page, server):
    await page.fill("#create input[name=title]", "made on the page")
    await page.eval("document.querySelector('#create select[name=priority]').value = 'low'")
    await page.eval("document.querySelector('#create details').open = true")
    await page.fill("#create input[name=tags]", "web ui")
    await page.fill("#create input[name=due]", "2031-05-06")
    await page.click("#create button")
    appeared = await page.wait_for(shown("made on the page"))
    _, _, listing = server.request("GET", "/api/tasks?text=made%20on%20the%20page")
    made = listing["tasks"][0] if listing["total"] == 1 else {}
    checks.check("the page's form creates the task the server has (priority, tags, due)",
                 appeared and made.get("priority") == "low" and sorted(made.get("tags", [])) == ["ui", "web"] and made.get("due", "").startswith("2031-05-06"), listing)
    checks.check("the form is cleared for the next task", await page.eval("document.querySelector('#create input[name=title]').value === ''"))
    task_id = made.get("id", "")

    await page.eval("%s.click()" % row("made on the page"))
    checks.check("clicking a row opens its detail", await page.wait_for(
        "!document.getElementById('detail').hidden && document.querySelector('#edit input[name=title]').value === 'made on the page'"))
    checks.check("the detail shows the history (created)", await page.wait_for(
        "[...document.querySelectorAll('#history li')].some(li => li.textContent.includes('created'))"))
    await page.fill("#edit input[name=title]", "edited on the page")
    await page.eval("document.querySelector('#edit select[name=priority]').value = 'high'")
    await page.click("#save")
    saved = await wait_server(lambda: (lambda t: t["title"] == "edited on the page" and t["priority"] == "high")(server.request("GET", "/api/tasks/" + task_id)[2]["task"]))
    checks.check("the detail form edits title and priority on the server", saved)
    checks.check("... the list shows the new title and priority", await page.wait_for("%s?.querySelector('.prio').textContent === 'high'" % row("edited on the page")))
    checks.check("... and the history shows both changes, newest first", await page.wait_for(
        """(() => { const h = [...document.querySelectorAll('#history li')].map(li => li.textContent);
            return h.length >= 3 && h.some(t => t.includes('priority') && t.includes('low → high'))
                && h.some(t => t.includes('edited') && t.includes('made on the page') && t.includes('edited on the page'))
                && h[h.length - 1].includes('created'); })()"""))

    server.request("PUT", "/api/tasks/%s/collaborators" % task_id, {"add": ["dave"]})
    checks.check("the open detail follows a change made over REST (history and people)", await page.wait_for(
        "[...document.querySelectorAll('#history li')].some(li => li.textContent.includes('collaborators') && li.textContent.includes('+dave'))"
        " && document.getElementById('d-people').textContent.includes('dave')"))

    # An edit conflict: the form has an unsaved title while someone changes the priority.
    await page.fill("#edit input[name=title]", "my title")
    _, _, current = server.request("GET", "/api/tasks/" + task_id)
    server.request("PATCH", "/api/tasks/" + task_id, {"priority": "medium"}, headers={"If-Match": str(current["task"]["version"])})
    await page.wait_for("%s?.querySelector('.prio').textContent === 'medium'" % row("edited on the page"))
    checks.check("the unsaved edit is kept when the task changes underneath", await page.eval(
        "document.querySelector('#edit input[name=title]').value === 'my title'"))
    await page.click("#save")
    conflict = await page.wait_for("!document.getElementById('conflict').hidden && document.getElementById('conflict-text').textContent")
    checks.check("saving over someone's change shows a clear conflict message", conflict and "someone else changed" in conflict and "priority" in conflict, conflict)
    checks.check("... and saves nothing", server.request("GET", "/api/tasks/" + task_id)[2]["task"]["title"] == "edited on the page")
    await page.click("#overwrite")
    over = await wait_server(lambda: server.request("GET", "/api/tasks/" + task_id)[2]["task"]["title"] == "my title")
    checks.check("'save mine over theirs' then saves the title (their priority stays)", over and
                 server.request("GET", "/api/tasks/" + task_id)[2]["task"]["priority"] == "medium")
    checks.check("... and the conflict message goes", await page.wait_for("document.getElementById('conflict').hidden"))

    await page.click("#d-delete")
    checks.check("delete asks first", await page.wait_for("!document.getElementById('confirm-delete').hidden"))
    checks.check("... and has deleted nothing yet", server.request("GET", "/api/tasks/" + task_id)[0] == 200)
    await page.click("#d-delete-yes")
    gone = await wait_server(lambda: server.request("GET", "/api/tasks/" + task_id)[0] == 404)
    checks.check("deleting on the page deletes on the server", gone)
    checks.check("... the row and the detail go", await page.wait_for("!%s && document.getElementById('detail').hidden" % row("my title")))


async def filters(page, server):
    async def apply(query):
        await page.fill("#q", query)
        await page.eval("document.getElementById('filter').requestSubmit()")

    def titles():
        return page.eval("[...document.querySelectorAll('#tasks li .title')].map(e => e.textContent)")

    await apply("priority:high")
    _, _, high = server.request("GET", "/api/tasks?q=priority%3Ahigh")
    expected = sorted(t["title"] for t in high["tasks"])
    same = await page.wait_for("document.getElementById('count').textContent.includes('match') && [...document.querySelectorAll('#tasks li .title')].map(e => e.textContent).sort().join('|') === %s"
                                % json.dumps("|".join(expected)))
    checks.check("the filter priority:high shows exactly the server's matches", same and len(expected) >= 1, (await titles(), expected))
    checks.check("... with the count of matches out of all", (await page.text("#count")).startswith("%d of " % len(expected)), await page.text("#count"))

    before = await titles()
    await apply("status:bogus")
    error = await page.wait_for("!document.getElementById('filter-error').hidden && document.getElementById('filter-error').textContent")
    checks.check("a bad filter shows the server's message naming the term", error and "unknown status 'bogus'" in error, error)
    checks.check("... and leaves the list as it was", await titles() == before)

    await apply("+live -+old")
    checks.check("a good filter clears the error", await page.wait_for("document.getElementById('filter-error').hidden"))
    server.request("POST", "/api/tasks", {"title": "live one", "tags": ["live"]})
    _, _, other = server.request("POST", "/api/tasks", {"title": "not live"})
    checks.check("with a filter, a matching task created over REST appears live", await page.wait_for(shown("live one")))
    await page.wait_for("document.getElementById('seq').textContent === '%d'" % other["seq"])
    await asyncio.sleep(0.4)
    checks.check("... and one that does not match stays out", await page.eval("!%s" % row("not live")))
    _, _, live = server.request("GET", "/api/tasks?q=%2Blive")
    server.request("PATCH", "/api/tasks/" + live["tasks"][0]["id"], {"tags": ["live", "old"]})
    checks.check("a task edited over REST so that it no longer matches leaves the list", await page.wait_for("!%s" % row("live one")))

    await apply("@none is:open")
    _, _, none = server.request("GET", "/api/tasks?q=%40none%20is%3Aopen")
    checks.check("@none is:open shows the unassigned open tasks", await page.wait_for(
        "document.getElementById('count').textContent.startsWith('%d of ')" % none["total"]) and "made over REST" not in await titles(),
        await page.text("#count"))
    await apply("")
    checks.check("an empty filter shows every task again", await page.wait_for(
        "!document.getElementById('count').textContent.includes('match')"))


async def many_tasks(page, server):
    for start in (0, 1000):
        operations = [{"action": "create", "title": "bulk %04d" % i, "tags": ["bulk"]} for i in range(start, min(start + 1000, 1050))]
        status, _, body = server.request("POST", "/api/tasks/batch", {"operations": operations})
        checks.check("REST batch of %d creates" % len(operations), status == 200, str(body)[:200])
    _, _, everything = server.request("GET", "/api/tasks?limit=1")
    total = everything["total"]
    checks.check("the count shows every task on the board (%d, more than 1,000)" % total, await page.wait_for(
        "document.getElementById('count').textContent === %s" % json.dumps("{:,} tasks".format(total))), await page.text("#count"))

    await page.fill("#q", "+bulk")
    await page.eval("document.getElementById('filter').requestSubmit()")
    checks.check("filtered to +bulk the count is 1,050", await page.wait_for(
        "document.getElementById('count').textContent.startsWith('1,050 of ')"), await page.text("#count"))
    checks.check("the pager says page 1 of 11", await page.wait_for("document.getElementById('pg-where').textContent.startsWith('page 1 of 11')"),
                 await page.text("#pg-where"))
    seen = set()
    for _ in range(11):
        seen.update(await page.eval("[...document.querySelectorAll('#tasks li')].map(li => li.dataset.id)"))
        await page.click("#pg-next")
    checks.check("paging through reaches all 1,050 tasks", len(seen) == 1050, len(seen))
    # In every sort order the page's first and last rows are the server's (the same order, all reachable).
    for sort in ("-createdAt", "createdAt", "-priority", "due", "title"):
        await page.eval("(() => { const s = document.getElementById('sort'); s.value = %s; s.dispatchEvent(new Event('change')); })()" % json.dumps(sort))
        ids = []
        cursor = ""
        while cursor is not None:
            _, _, part = server.request("GET", "/api/tasks?q=%%2Bbulk&limit=1000&sort=%s%s" % (sort, "&cursor=" + cursor if cursor else ""))
            ids += [t["id"] for t in part["tasks"]]
            cursor = part.get("nextCursor")
        first = await page.wait_for("document.querySelector('#tasks li').dataset.id === %s" % json.dumps(ids[0]))
        await page.click("#pg-last")
        last = await page.wait_for("[...document.querySelectorAll('#tasks li')].pop().dataset.id === %s" % json.dumps(ids[-1]))
        checks.check("sorted %s: page 1 starts and the last page ends where the server's order does" % sort, first and last)
        await page.click("#pg-first")
    await page.eval("(() => { const s = document.getElementById('sort'); s.value = '-createdAt'; s.dispatchEvent(new Event('change')); })()")
    await page.fill("#q", "")
    await page.eval("document.getElementById('filter').requestSubmit()")


async def screenshots(page, server, directory):
    """Looks at the page at a desktop and a phone size: saved PNGs and what a user would notice."""
    # Something worth looking at on the first page.
    server.request("POST", "/api/tasks", {"title": "Ship the web page", "priority": "high", "tags": ["web"], "assignedTo": "alice", "due": "2020-03-01",
                                          "description": "Every task, the filter, the live feed."})
    await page.wait_for(shown("Ship the web page"))
    await page.eval("document.querySelector('#create details').open = false")

    async def shoot(name, width, height, mobile):
        await page.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)
        await asyncio.sleep(0.4)
        data = base64.b64decode((await page.call("Page.captureScreenshot", format="png"))["data"])
        path = "%s/%s.png" % (directory, name)
        with open(path, "wb") as f:
            f.write(data)
        print("     screenshot: " + path)
        checks.check("%s: the screenshot is a %dx%d PNG with something on it" % (name, width, height),
                     png_size(data) == (width, height) and len(data) > 10000, (png_size(data), len(data)))
        return data

    await page.eval("%s.click()" % row("Ship the web page"))
    await page.wait_for("!document.getElementById('detail').hidden")
    await shoot("desktop-1280x900", 1280, 900, False)
    layout = await page.eval("""(() => { const r = (s) => { const b = document.querySelector(s).getBoundingClientRect();
            return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; };
        return {scroll: document.documentElement.scrollWidth, list: r('#tasks'), detail: r('#detail'), feed: r('#feedpane'), create: r('#create')}; })()""")
    checks.check("1280x900: no horizontal overflow", layout["scroll"] <= 1280, layout["scroll"])
    checks.check("1280x900: list, create form, detail and feed all visible", all([
        await page.visible("#create"), await page.visible("#tasks li"), await page.visible("#detail"), await page.visible("#feed li")]), layout)
    checks.check("1280x900: the detail sits beside the list, not over it", layout["detail"]["left"] >= layout["list"]["right"], layout)
    checks.check("1280x900: the detail shows its title field and Save without scrolling", await page.visible("#edit input[name=title]") and await page.visible("#save"))
    checks.check("1280x900: the column headings line up with the cells", await page.eval(
        """(() => { const h = [...document.querySelectorAll('#listhead span')].map(e => e.getBoundingClientRect().left);
            const li = document.querySelector('#tasks li'); const c = [...li.children].map(e => e.getBoundingClientRect().left);
            return h.length === c.length && h.every((x, i) => Math.abs(x - c[i]) < 2); })()"""))
    checks.check("1280x900: the page fits the window (the list scrolls inside it)", await page.eval("document.documentElement.scrollHeight <= innerHeight + 1"))
    await page.click("#d-close")

    await shoot("phone-390x844", 390, 844, True)
    checks.check("390x844: no horizontal overflow", await page.eval("document.documentElement.scrollWidth <= 390"),
                 await page.eval("document.documentElement.scrollWidth"))
    checks.check("390x844: the create form is in view", await page.visible("#create input[name=title]") and await page.visible("#create button"))
    checks.check("390x844: the task list is in view", await page.visible("#tasks li"))
    checks.check("390x844: one column (the feed is below the list)", await page.eval(
        "document.getElementById('feedpane').getBoundingClientRect().top >= document.getElementById('listpane').getBoundingClientRect().bottom"))
    checks.check("390x844: no element sticks out to the right", await page.eval(
        "[...document.querySelectorAll('body *')].every(e => { const r = e.getBoundingClientRect(); return !r.width || r.right <= 391; })"))
    await page.eval("%s.click()" % row("Ship the web page"))
    await page.wait_for("!document.getElementById('detail').hidden")
    await shoot("phone-detail-390x844", 390, 844, True)
    checks.check("390x844: the detail covers the screen with its title and Save in reach", await page.eval(
        """(() => { const r = document.getElementById('detail').getBoundingClientRect();
            return r.left === 0 && r.top === 0 && r.width === 390 && document.documentElement.scrollWidth <= 390; })()""")
        and await page.visible("#edit input[name=title]") and await page.visible("#d-close"))
    await page.click("#d-close")
    await page.call("Emulation.clearDeviceMetricsOverride")


async def drive(server, devtools_port, directory):
    request = urllib.request.Request("http://127.0.0.1:%d/json/new?about:blank" % devtools_port, method="PUT")
    target = json.loads(urllib.request.urlopen(request, timeout=5).read())
    async with connect(target["webSocketDebuggerUrl"], max_size=None) as ws:
        page = Page(ws)
        await page.call("Page.enable")
        await page.call("Runtime.enable")
        await token_prompt(page, server)
        await live_and_rows(page, server)
        await offline_and_back(page, server)
        await create_edit_delete(page, server)
        await filters(page, server)
        await many_tasks(page, server)
        await screenshots(page, server, directory)

        _, _, clients = server.request("GET", "/api/clients")
        checks.check("the page is listed as a browser client", any(c["program"] == "browser" for c in clients["clients"]), clients)
        checks.check("the header counts the connected clients", await page.wait_for("/^\\d+ clients?$/.test(document.getElementById('clients').textContent)"))
        checks.check("no script error on the page", not page.exceptions, page.exceptions)


def main():
    binary = binary_from_argv()
    chromium, devtools_port, profile = start_chromium()
    if not chromium:
        checks.check("chromium is installed and starts (apt-get install chromium)", False)
        checks.done()
    directory = tempfile.mkdtemp(prefix="isomorphiq-screens-")
    print("screenshots go to " + directory)
    server = Server(binary)
    try:
        asyncio.run(drive(server, devtools_port, directory))
    finally:
        server.stop()
        chromium.kill()
        chromium.wait()
        shutil.rmtree(profile, ignore_errors=True)
    checks.done()


if __name__ == "__main__":
    main()
