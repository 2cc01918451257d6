"""A TCP proxy that can cut one process off from a server the way a network partition does:
`partition()` stops delivering bytes in both directions (connections stay open and nothing is
refused, so the process sees silence, not an error); `heal()` drops the connections that were cut,
as their TCP timeouts eventually would, and lets new ones through."""
import socket
import threading
import time


class PartitionProxy:
    def __init__(self, host, port):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut = threading.Event()
        self.lock = threading.Lock()
        self.sockets = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.sockets.append(client)
            if self.cut.is_set():
                continue  # accepted, and then silence
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets.append(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                while self.cut.is_set():
                    time.sleep(0.05)  # held, never delivered: heal() closes both ends
                    if source.fileno() < 0:
                        return
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def partition(self):
        self.cut.set()

    def heal(self):
        with self.lock:
            cut, self.sockets = self.sockets, []
        for end in cut:
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()
        self.cut.clear()

    def close(self):
        self.listener.close()
        self.heal()
