"""Several `serve` instances on one PostgreSQL log (docs/SCALING.md), as a team would run them:
writers and WebSocket subscribers on every instance see one history in one order; cross-instance
races give one winner; kill -9 of an instance loses nothing acknowledged; a PostgreSQL restart
gives 503s, then service again with no gap and no duplicate; an instance cut off from the database
by a network partition refuses writes, then catches up.

Needs ISOMORPHIQ_TEST_DATABASE_URL (Tests/run-all.sh starts a private cluster) and, for the
restart, ISOMORPHIQ_TEST_PG_DIR. Usage: scale_postgres_test.py [path/to/isomorphiq-tui]"""
import asyncio
import json
import os
import signal
import statistics
import subprocess
import threading
import time
import urllib.parse
import uuid

from serverlib import TOKEN, Checks, Server, binary_from_argv
from tcp_partition import PartitionProxy
from websockets.asyncio.client import connect

checks = Checks()


def fresh_database(base):
    parts = urllib.parse.urlparse(base)
    name = "e2e_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", "-h", parts.hostname, "-p", str(parts.port), "-U", parts.username, "-d", "postgres",
                    "-qc", "CREATE DATABASE " + name], check=True)
    return parts._replace(path="/" + name).geturl()


def start(binary, url, count):
    return [Server(binary, store=("--store", "postgres", "--database-url", url)) for _ in range(count)]


async def collect(server, want, seen):
    """Appends the seq of every stored event `server` delivers until `want` have come."""
    async with connect(server.ws + "?token=" + TOKEN) as socket:
        while len(seen) < want:
            message = json.loads(await asyncio.wait_for(socket.recv(), timeout=30))
            if message.get("seq", 0) > 0 and "event" in message:
                seen.append(message["seq"])


async def one_order(servers):
    per_instance = 60
    total = per_instance * len(servers)
    seen = [[] for _ in servers]
    receivers = [asyncio.create_task(collect(s, total, seen[i])) for i, s in enumerate(servers)]
    await asyncio.sleep(0.5)

    def write(server, index):
        for n in range(per_instance):
            server.request("POST", "/api/tasks", {"title": "i%d-%d" % (index, n)})

    await asyncio.gather(*[asyncio.to_thread(write, s, i) for i, s in enumerate(servers)])
    await asyncio.wait_for(asyncio.gather(*receivers), timeout=60)
    checks.check("every instance's subscriber got all %d events" % total, all(len(s) == total for s in seen), [len(s) for s in seen])
    checks.check("in one order, seq 1..%d without gap" % total, seen[0] == list(range(1, total + 1)), seen[0][:10])
    checks.check("the same order on every instance", all(s == seen[0] for s in seen))
    boards = [sorted(t["id"] for t in s.request("GET", "/api/tasks?limit=1000")[2]["tasks"]) for s in servers]
    checks.check("every instance's board holds the same tasks", all(b == boards[0] for b in boards) and len(boards[0]) == total)


async def latency(servers, samples=100):
    """A change made on instance 1, seen by a WebSocket client of instance 2 (printed; measured in make bench too)."""
    delays = []
    async with connect(servers[1].ws + "?token=" + TOKEN) as socket:
        await asyncio.sleep(0.2)
        for n in range(samples):
            title = "latency-%d" % n
            started = time.monotonic()
            await asyncio.to_thread(servers[0].request, "POST", "/api/tasks", {"title": title})
            while True:
                message = json.loads(await asyncio.wait_for(socket.recv(), timeout=10))
                task = (((message.get("event") or {}).get("data") or {}).get("task") or {})
                if task.get("title") == title:
                    delays.append((time.monotonic() - started) * 1000)
                    break
    delays.sort()
    print("cross-instance delivery (POST on 1 → WebSocket on 2, %d samples): p50 %.1f ms, p99 %.1f ms"
          % (len(delays), statistics.median(delays), delays[int(len(delays) * 0.99) - 1]))
    checks.check("every change made on instance 1 reached instance 2's client", len(delays) == samples)


def races(servers):
    for round in range(5):
        a = servers[0].request("POST", "/api/tasks", {"title": "A%d" % round})[2]["task"]["id"]
        b = servers[0].request("POST", "/api/tasks", {"title": "B%d" % round})[2]["task"]["id"]
        time.sleep(0.05)
        results = [None, None]

        def add(index, server, task, on):
            results[index] = server.request("PUT", "/api/tasks/%s/dependencies" % task, {"add": [on]})

        threads = [threading.Thread(target=add, args=(0, servers[0], a, b)), threading.Thread(target=add, args=(1, servers[1], b, a))]
        for t in threads: t.start()
        for t in threads: t.join()
        statuses = sorted(r[0] for r in results)
        checks.check("round %d: A→B on 1 and B→A on 2 at once: one success, one 400 cycle" % round,
                     statuses[1] == 400 and statuses[0] in (200, 201) and "cycle" in json.dumps(results), statuses)


def kill_mid_burst(binary, url, servers):
    victim = Server(binary, store=("--store", "postgres", "--database-url", url))
    acknowledged = []
    stop = threading.Event()

    def burst():
        n = 0
        while not stop.is_set():
            try:
                status, _, body = victim.request("POST", "/api/tasks", {"title": "burst-%d" % n})
            except Exception:
                return
            if status == 201:
                acknowledged.append(body["task"]["id"])
            n += 1

    writers = [threading.Thread(target=burst) for _ in range(4)]
    for t in writers: t.start()
    time.sleep(1.0)
    victim.process.send_signal(signal.SIGKILL)
    victim.process.wait()
    stop.set()
    for t in writers: t.join()
    victim.stop()
    time.sleep(0.3)
    ids = set()
    after = 0
    while True:
        _, _, page = servers[0].request("GET", "/api/events?after=%d&limit=1000" % after)
        ids.update(e["data"]["task"]["id"] for e in page["events"] if e["type"] == "task_created")
        if not page["events"]:
            break
        after = page["events"][-1]["seq"]
    checks.check("kill -9 mid-burst: all %d acknowledged creations are in the log" % len(acknowledged),
                 len(acknowledged) > 0 and set(acknowledged) <= ids, len(set(acknowledged) - ids))


def all_seqs(server):
    seqs, after = [], 0
    while True:
        _, _, page = server.request("GET", "/api/events?after=%d&limit=1000" % after)
        if not page["events"]:
            return seqs
        seqs += [e["seq"] for e in page["events"]]
        after = seqs[-1]


def postgres_restart(servers):
    directory = os.environ.get("ISOMORPHIQ_TEST_PG_DIR")
    if not directory:
        print("skip PostgreSQL restart: ISOMORPHIQ_TEST_PG_DIR not set")
        return
    bin_dir = sorted(d for d in os.listdir("/usr/lib/postgresql"))[-1]
    pg_ctl = "/usr/lib/postgresql/%s/bin/pg_ctl" % bin_dir
    owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(owner + [pg_ctl, "-D", directory + "/data", "stop", "-m", "fast"], check=True, capture_output=True)
    status, _, body = servers[0].request("POST", "/api/tasks", {"title": "while down"})
    checks.check("with PostgreSQL down a write is 503 'unavailable'", status == 503, (status, body))
    subprocess.run(owner + [pg_ctl, "-D", directory + "/data", "-l", directory + "/server.log", "-w", "start"], check=True, capture_output=True)
    deadline = time.monotonic() + 30
    status = 0
    while time.monotonic() < deadline:
        status = servers[1].request("POST", "/api/tasks", {"title": "after restart"})[0]
        if status == 201:
            break
        time.sleep(0.2)
    checks.check("after the restart writes succeed again", status == 201, status)
    servers[0].request("POST", "/api/tasks", {"title": "after restart on 1"})
    time.sleep(0.5)
    seqs = [all_seqs(s) for s in servers]
    checks.check("no gap and no duplicate, the same log on every instance",
                 seqs[0] == list(range(1, len(seqs[0]) + 1)) and all(s == seqs[0] for s in seqs), [len(s) for s in seqs])


def tasks_by_id(server):
    tasks, cursor = {}, ""
    while True:
        _, _, body = server.request("GET", "/api/tasks?limit=1000&cursor=" + cursor)
        tasks.update((t["id"], (t["title"], t["version"])) for t in body["tasks"])
        cursor = body.get("nextCursor") or ""
        if not cursor:
            return tasks


def network_partition(binary, url, servers):
    """One instance cut off from the database (its connections go silent): it refuses writes
    rather than diverge, the others go on, and once the network heals it catches up to one log."""
    parts = urllib.parse.urlparse(url)
    proxy = PartitionProxy(parts.hostname, parts.port)
    cut_url = parts._replace(netloc="%s@127.0.0.1:%d" % (parts.username, proxy.port)).geturl()
    island = Server(binary, store=("--store", "postgres", "--database-url", cut_url))
    try:
        status, _, body = island.request("POST", "/api/tasks", {"title": "before the partition"})
        checks.check("through the proxy the instance writes", status == 201, (status, body))
        shared = body["task"]["id"] if status == 201 else None
        proxy.partition()
        began = time.monotonic()
        status, _, body = island.request("POST", "/api/tasks", {"title": "cut off"})
        took = time.monotonic() - began
        checks.check("cut off from the database, a write is refused with 503 within 10 s",
                     status == 503 and took < 10, (status, round(took, 1), body))
        status, _, body = island.request("PATCH", "/api/tasks/%s" % shared, {"title": "cut off edit"})
        checks.check("an edit is refused too", status == 503, (status, body))
        elsewhere = [servers[0].request("POST", "/api/tasks", {"title": "meanwhile %d" % n})[0] for n in range(3)]
        elsewhere.append(servers[1].request("PATCH", "/api/tasks/%s" % shared, {"title": "edited elsewhere"})[0])
        checks.check("the other instances go on writing meanwhile", elsewhere == [201, 201, 201, 200], elsewhere)
        proxy.heal()
        deadline = time.monotonic() + 30
        status = 0
        while time.monotonic() < deadline:
            status = island.request("POST", "/api/tasks", {"title": "after the partition"})[0]
            if status == 201:
                break
            time.sleep(0.3)
        checks.check("once the network heals the instance writes again", status == 201, status)
        time.sleep(0.5)
        island_tasks, other_tasks = tasks_by_id(island), tasks_by_id(servers[0])
        checks.check("its board is the others' board (the edit made elsewhere included)",
                     island_tasks == other_tasks and island_tasks.get(shared) == ("edited elsewhere", 2),
                     (len(island_tasks), len(other_tasks), island_tasks.get(shared),
                      {k: v for k, v in island_tasks.items() if other_tasks.get(k) != v}, {k: v for k, v in other_tasks.items() if island_tasks.get(k) != v}))
        titles = [title for title, _ in other_tasks.values()]
        checks.check("nothing refused during the partition was stored", "cut off" not in titles and "cut off edit" not in titles)
        checks.check("one log, no gap, no duplicate", all_seqs(island) == all_seqs(servers[0]) == list(range(1, len(all_seqs(servers[0])) + 1)))
    finally:
        island.stop()
        proxy.close()


async def shared_tokens(binary, url, servers):
    """`token add` / `token revoke` against the database hold on every instance at once."""
    status, out, err = run(binary, "token", "add", "bob", "--store", "postgres", "--database-url", url)
    checks.check("token add on the shared database", status == 0 and len(out.strip()) == 64, err)
    bob = out.strip()
    ok = False
    for _ in range(50):
        ok = all(s.request("GET", "/api/tasks?limit=1", token=bob)[0] == 200 for s in servers)
        if ok:
            break
        await asyncio.sleep(0.1)
    checks.check("bob's new token works on every instance without a restart", ok)
    async with connect(servers[2].ws + "?token=" + bob) as socket:
        await socket.recv()
        status, _, err = run(binary, "token", "revoke", "bob", "--store", "postgres", "--database-url", url)
        checks.check("token revoke on the shared database", status == 0, err)
        code = None
        try:
            while True:
                await asyncio.wait_for(socket.recv(), timeout=5)
        except Exception:
            code = socket.close_code
        checks.check("bob's WebSocket on instance 3 is closed with 4001", code == 4001, code)
    statuses = []
    for _ in range(50):
        statuses = [s.request("GET", "/api/tasks?limit=1", token=bob)[0] for s in servers]
        if statuses == [401, 401, 401]:
            break
        await asyncio.sleep(0.05)
    checks.check("bob's revoked token is refused on every instance within a moment", statuses == [401, 401, 401], statuses)


async def cluster_presence(servers):
    """A client of instance 3 is listed by GET /api/clients on instance 1, and leaves it when it goes."""
    def listed(server, program):
        return [c for c in server.request("GET", "/api/clients")[2]["clients"] if c["program"] == program]

    async with connect(servers[2].ws + "?token=" + TOKEN + "&program=presence-probe") as socket:
        await socket.recv()
        found = []
        for _ in range(50):
            found = listed(servers[0], "presence-probe")
            if found:
                break
            await asyncio.sleep(0.1)
        checks.check("instance 1 lists the client of instance 3, with its instance", len(found) == 1 and found[0].get("instance"), found)
        checks.check("instance 3 lists it as its own", len(listed(servers[2], "presence-probe")) == 1 and "instance" not in listed(servers[2], "presence-probe")[0])
    gone = False
    for _ in range(50):
        gone = not listed(servers[0], "presence-probe")
        if gone:
            break
        await asyncio.sleep(0.1)
    checks.check("when it disconnects, instance 1 no longer lists it", gone)


def run(binary, *args, stdin=None):
    result = subprocess.run([binary, *args], input=stdin, capture_output=True, text=True, timeout=120)
    return result.returncode, result.stdout, result.stderr


def move_sqlite_to_postgres(binary, base):
    """`events export` from a SQLite data directory, `events import` into PostgreSQL: the same log."""
    import tempfile
    data = tempfile.mkdtemp(prefix="isomorphiq-e2e-move-")
    for n in range(30):
        run(binary, "task", "add", "moved %d" % n, "-p", "high" if n % 2 else "low", "--data-dir", data)
    first = run(binary, "task", "list", "--json", "--data-dir", data)[1]
    one = json.loads(first)[0]["id"]
    run(binary, "task", "done", one, "--data-dir", data)
    status, exported, _ = run(binary, "events", "export", "--data-dir", data)
    checks.check("events export from SQLite", status == 0 and exported.count("\n") == 31, exported[:200])
    url = fresh_database(base)
    path = os.path.join(data, "events.jsonl")
    with open(path, "w") as f:
        f.write(exported)
    status, out, err = run(binary, "events", "import", "--database-url", url, path)
    checks.check("events import into PostgreSQL", status == 0 and "imported 31 events" in out, out + err)
    status, again, _ = run(binary, "events", "export", "--database-url", url)
    checks.check("the PostgreSQL log exports the same events", status == 0 and again == exported)
    status, out, err = run(binary, "events", "verify", "--database-url", url)
    checks.check("events verify on PostgreSQL", status == 0 and "ok:" in out, out + err)
    status, out, _ = run(binary, "events", "stats", "--database-url", url)
    checks.check("events stats on PostgreSQL", status == 0 and "events: 31" in out, out)
    status, out, _ = run(binary, "events", "tail", "-n", "2", "--database-url", url)
    checks.check("events tail on PostgreSQL", status == 0 and len(out.strip().splitlines()) == 2, out)


def main():
    binary = binary_from_argv()
    base = os.environ.get("ISOMORPHIQ_TEST_DATABASE_URL")
    if not base:
        print("ISOMORPHIQ_TEST_DATABASE_URL is not set (Tests/run-all.sh starts PostgreSQL)")
        print("0 passed, 1 failed")
        raise SystemExit(1)
    move_sqlite_to_postgres(binary, base)
    url = fresh_database(base)
    servers = start(binary, url, 3)
    try:
        asyncio.run(one_order(servers))
        asyncio.run(latency(servers))
        races(servers)
        asyncio.run(shared_tokens(binary, url, servers))
        asyncio.run(cluster_presence(servers))
        kill_mid_burst(binary, url, servers)
        network_partition(binary, url, servers)
        postgres_restart(servers)
    finally:
        for server in servers:
            server.stop()
    checks.done()


if __name__ == "__main__":
    main()
