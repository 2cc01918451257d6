#!/usr/bin/env python3
"""Interop: the server's WebSocket and TCP protocols driven by clients not written in Swift
(Python `websockets`, raw sockets). Usage: server_interop_test.py [path/to/isomorphiq-tui]"""
import asyncio
import json
import socket

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from serverlib import TOKEN, Checks, Server, binary_from_argv

checks = Checks()


async def recv(ws, kind=None, timeout=5):
    """Next message (of `kind`: a message type or an event type), or None on timeout."""
    try:
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout))
            if kind is None or message.get("type") == kind or message.get("event", {}).get("type") == kind:
                return message
    except (asyncio.TimeoutError, ConnectionClosed):
        return None


async def close_code(ws, timeout=5):
    try:
        await asyncio.wait_for(ws.wait_closed(), timeout)
    except asyncio.TimeoutError:
        return None
    return ws.close_code


async def websocket_checks(server):
    url = "%s?token=%s&program=python" % (server.ws, TOKEN)
    async with connect(url, compression="deflate") as ws:
        welcome = await recv(ws)
        checks.check("welcome on connect", welcome and welcome["type"] == "welcome" and welcome["user"] == "e2e", welcome)
        checks.check("permessage-deflate negotiated", any("permessage-deflate" in str(e) for e in (ws.response.headers.get_all("Sec-WebSocket-Extensions"))), ws.response.headers)
        status, _, body = server.request("POST", "/api/tasks", {"title": "from python", "priority": "high"})
        checks.check("REST create is 201", status == 201, body)
        event = await recv(ws, "task_created")
        checks.check("event envelope {id, seq, event}", event and set(event) == {"id", "seq", "event"} and event["seq"] == body["seq"], event)
        checks.check("event carries the task", event and event["event"]["data"]["task"]["title"] == "from python")
        await ws.send(json.dumps({"type": "ping", "id": "p1"}))
        pong = await recv(ws, "pong")
        checks.check("ping gets pong", pong and pong["id"] == "p1", pong)
        await ws.send(json.dumps({"type": "subscribe", "eventTypes": ["*"]}))
        ack = await recv(ws, "subscribed")
        checks.check("subscribe * acknowledged with every type", ack and "client_connected" in ack["eventTypes"], ack)
        await ws.send("{broken")
        error = await recv(ws, "error")
        checks.check("invalid JSON gets an error and the connection stays", error and error["code"] == "invalid_json", error)
        await ws.send(json.dumps({"type": "hello", "program": "python-e2e"}))
        checks.check("hello acknowledged", (await recv(ws, "hello_ack") or {}).get("program") == "python-e2e")
        status, _, clients = server.request("GET", "/api/clients")
        checks.check("clients list names the program", status == 200 and any(c["program"] == "python-e2e" for c in clients["clients"]), clients)
        last_seq = event["seq"] if event else 0

    # Resume: tasks made while away arrive in order, once, then live.
    for title in ("away 1", "away 2", "away 3"):
        server.request("POST", "/api/tasks", {"title": title})
    async with connect("%s?token=%s&since=%d" % (server.ws, TOKEN, last_seq)) as ws:
        await recv(ws, "welcome")
        seqs = []
        while True:
            message = await recv(ws)
            if message is None or message.get("type") == "resumed":
                break
            if "event" in message:
                seqs.append(message["seq"])
        checks.check("resume replays the missed events in order", seqs == [last_seq + 1, last_seq + 2, last_seq + 3], seqs)
        server.request("POST", "/api/tasks", {"title": "live again"})
        live = await recv(ws, "task_created")
        checks.check("then continues live without a gap", live and live["seq"] == last_seq + 4, live)

    async with connect("%s?token=%s" % (server.ws, TOKEN)) as ws:
        await recv(ws, "welcome")
        await ws.send(b"\x01\x02")
        checks.check("binary frame closes with 1003", await close_code(ws) == 1003)
    async with connect("%s?token=%s" % (server.ws, TOKEN), max_size=None) as ws:
        await recv(ws, "welcome")
        await ws.send("x" * (65 * 1024))
        checks.check("a message over 64 KiB closes with 1009", await close_code(ws) == 1009)

    for query, headers, status in (("", {}, 401), ("token=nope-nope-nope", {}, 401),
                                   ("token=" + TOKEN, {"Origin": "http://evil.example"}, 403)):
        try:
            async with connect("%s?%s" % (server.ws, query), additional_headers=headers):
                got = 101
        except InvalidStatus as refused:
            got = refused.response.status_code
        checks.check("upgrade refused with %d (%s)" % (status, query or "no token"), got == status, got)

    # Graceful shutdown: clients get 1001.
    ws = await connect("%s?token=%s" % (server.ws, TOKEN))
    await recv(ws, "welcome")
    server.stop()
    checks.check("shutdown closes clients with 1001", await close_code(ws, 10) == 1001, ws.close_code)


def tcp_checks(server):
    with socket.create_connection(("127.0.0.1", server.tcp_port), timeout=5) as sock:
        reader = sock.makefile("r")

        def call(payload):
            sock.sendall(((payload if isinstance(payload, str) else json.dumps(payload)) + "\n").encode())
            return json.loads(reader.readline())

        created = call({"id": 1, "token": TOKEN, "command": "create_task", "data": {"title": "over tcp"}})
        checks.check("tcp create_task", created["ok"] and created["data"]["task"]["title"] == "over tcp", created)
        task_id = created["data"]["task"]["id"]
        listed = call({"id": 2, "command": "list_tasks", "data": {"text": "over tcp"}})
        checks.check("tcp list_tasks reuses the token", listed["ok"] and listed["data"]["total"] == 1, listed)
        status = call({"id": 3, "command": "update_task_status", "data": {"id": task_id, "status": "done"}})
        checks.check("tcp update_task_status", status["ok"] and status["data"]["task"]["status"] == "done", status)
        bad = call("not json")
        checks.check("tcp bad JSON gets an error reply", not bad["ok"] and bad["error"]["code"] == "invalid_json", bad)
        subscribed = call({"id": 4, "command": "subscribe", "data": {"eventTypes": ["task_deleted"]}})
        checks.check("tcp subscribe", subscribed["ok"], subscribed)
        deleted = call({"id": 5, "command": "delete_task", "data": {"id": task_id}})
        line = json.loads(reader.readline())
        event, reply = (line, deleted) if "event" in line else (deleted, line)
        checks.check("tcp delete_task", reply.get("ok") is True, reply)
        checks.check("tcp events arrive as lines", event.get("event", {}).get("type") == "task_deleted", event)


def main():
    binary = binary_from_argv()
    server = Server(binary, "--ws-compression", tcp=True)
    try:
        tcp_checks(server)
        asyncio.run(websocket_checks(server))
    finally:
        server.stop()
    checks.done()


if __name__ == "__main__":
    main()
