// Minimal Node.js broadcast server on `ws` (Debian's node-ws): the stack the seed design was
// built on, speaking the subset of docs/PROTOCOL.md that BenchClient uses, so the fan-out
// benchmark can drive it exactly as it drives BenchServer.
//
//   node server.js            prints "port=N pid=P" once listening; SIGTERM stops it.
//
// - REST: POST /api/tasks with `Authorization: Bearer bench-token-0123456789`, JSON body
//   {title, description?, status?, priority?, ...} -> 201 {seq, task} with Location.
// - WebSocket /ws?token=T: `welcome` on connect; `subscribe` / `unsubscribe` with eventTypes
//   ("*" = every type); `ping` -> `pong`. Default subscription: the ten task_* types.
// - Every created task is one `task_created` event in the envelope {"id","seq","event":{...}},
//   serialised once (one Buffer) and handed to every subscribed client.
// - A client more than QUEUE messages behind (ws.bufferedAmount) is closed with 4000, like the
//   server's bounded per-connection queue.
'use strict';

let WebSocket;
try { WebSocket = require('ws'); } catch (_) { WebSocket = require('/usr/share/nodejs/ws'); }
const http = require('http');
const crypto = require('crypto');

const TOKEN = process.env.BENCH_TOKEN || 'bench-token-0123456789';
const USER = 'bench';
const QUEUE = Number(process.env.WS_QUEUE || 1024);
const TASK_TYPES = ['task_created', 'task_updated', 'task_deleted', 'task_status_changed', 'task_priority_changed',
    'task_assigned', 'task_collaborators_updated', 'task_watchers_updated', 'task_dependency_added', 'task_dependency_removed'];
const ALL_TYPES = TASK_TYPES.concat(['client_connected', 'client_disconnected', 'system_started', 'system_shutdown']);

let seq = 0;
let nextConnection = 1;
const clients = new Set(); // { ws, id, types: Set<string> }

function bearer(req) {
    const header = req.headers.authorization || '';
    if (header.startsWith('Bearer ')) return header.slice(7).trim();
    const q = req.url.indexOf('?');
    if (q >= 0) return new URLSearchParams(req.url.slice(q + 1)).get('token');
    return null;
}

function reply(res, status, body, headers) {
    const text = JSON.stringify(body);
    res.writeHead(status, Object.assign({ 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }, headers || {}));
    res.end(text);
}

function error(res, status, code, message) {
    reply(res, status, { error: { code, message } }, status === 401 ? { 'WWW-Authenticate': 'Bearer' } : undefined);
}

function broadcast(type, data) {
    seq += 1;
    const id = crypto.randomUUID();
    const event = { id, type, timestamp: new Date().toISOString(), seq, data, metadata: { userId: USER, source: 'rest', schemaVersion: 2 } };
    const frame = Buffer.from(JSON.stringify({ id, seq, event })); // once per event
    const limit = QUEUE * frame.length;
    for (const client of clients) {
        if (!(client.types.has(type) || client.types.has('*'))) continue;
        if (client.ws.readyState !== WebSocket.OPEN) continue;
        if (client.ws.bufferedAmount > limit) { client.ws.close(4000, 'slow consumer'); continue; }
        client.ws.send(frame, { binary: false });
    }
    return seq;
}

function createTask(req, res) {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => { size += chunk.length; if (size <= 1 << 20) chunks.push(chunk); });
    req.on('end', () => {
        if (size > 1 << 20) return error(res, 413, 'payload_too_large', 'body over 1 MiB');
        let body;
        try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch (_) { return error(res, 400, 'bad_request', 'malformed JSON'); }
        if (!body || typeof body !== 'object' || typeof body.title !== 'string' || body.title.trim() === '') {
            return error(res, 400, 'validation', 'a task needs a title');
        }
        const now = new Date().toISOString();
        const task = {
            id: typeof body.id === 'string' ? body.id : crypto.randomUUID(),
            title: body.title.trim(),
            status: body.status || 'todo',
            priority: body.priority || 'medium',
            createdBy: USER,
            collaborators: body.collaborators || [],
            watchers: body.watchers || [],
            dependencies: body.dependencies || [],
            tags: body.tags || [],
            createdAt: now,
            updatedAt: now,
            version: 1,
        };
        if (typeof body.description === 'string') task.description = body.description;
        if (typeof body.assignedTo === 'string') task.assignedTo = body.assignedTo;
        if (typeof body.due === 'string') task.due = body.due;
        const at = broadcast('task_created', { task, createdBy: USER }); // the data our server sends
        reply(res, 201, { seq: at, task }, { Location: '/api/tasks/' + task.id });
    });
}

const server = http.createServer((req, res) => {
    const path = req.url.split('?')[0];
    if (path === '/health') return reply(res, 200, { status: 'ok', seq, connections: clients.size });
    if (bearer(req) !== TOKEN) return error(res, 401, 'unauthorized', 'no token or an unknown one');
    if (req.method === 'POST' && path === '/api/tasks') return createTask(req, res);
    if (path === '/ws') return error(res, 426, 'upgrade_required', 'GET /ws needs a WebSocket upgrade');
    error(res, 404, 'not_found', 'no such route');
});
server.keepAliveTimeout = 60_000;

const wss = new WebSocket.Server({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });

server.on('upgrade', (req, socket, head) => {
    if (req.url.split('?')[0] !== '/ws' || bearer(req) !== TOKEN) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nContent-Length: 0\r\n\r\n');
        return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => connected(ws));
});

function subscriptions(client) {
    return { eventTypes: [...client.types].sort(), taskIds: null };
}

function sendControl(client, fields) {
    client.ws.send(JSON.stringify(fields)); // flat, like the server's ServerMessage (encoded per connection; rare)
}

function connected(ws) {
    const client = { ws, id: 'c' + nextConnection++, types: new Set(TASK_TYPES) };
    clients.add(client);
    sendControl(client, { type: 'welcome', serverVersion: 'node-baseline', connectionId: client.id, user: USER, seq, subscriptions: subscriptions(client), heartbeatSeconds: 30, maxMessageBytes: 65536 });
    ws.on('message', (data, isBinary) => {
        if (isBinary) return ws.close(1003, 'binary frame');
        let message;
        try { message = JSON.parse(data.toString('utf8')); } catch (_) {
            return sendControl(client, { type: 'error', code: 'invalid_json', message: 'not JSON' });
        }
        const types = Array.isArray(message.eventTypes) ? message.eventTypes : [];
        switch (message.type) {
        case 'subscribe':
            for (const t of types) {
                if (t === '*') { for (const a of ALL_TYPES) client.types.add(a); client.types.add('*'); } else client.types.add(t);
            }
            return sendControl(client, Object.assign({ type: 'subscribed' }, subscriptions(client)));
        case 'unsubscribe':
            for (const t of types) { if (t === '*') client.types.clear(); else { client.types.delete(t); client.types.delete('*'); } }
            return sendControl(client, Object.assign({ type: 'unsubscribed' }, subscriptions(client)));
        case 'ping':
            return sendControl(client, { type: 'pong', id: message.id, seq });
        default:
            return sendControl(client, { type: 'error', code: 'unknown_type', message: 'unknown message type' });
        }
    });
    ws.on('close', () => clients.delete(client));
    ws.on('error', () => clients.delete(client));
}

server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
    process.stdout.write(`port=${server.address().port} pid=${process.pid}\n`);
});

function stop() {
    for (const client of clients) client.ws.close(1001, 'server shutting down');
    server.close();
    setTimeout(() => process.exit(0), 200).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
