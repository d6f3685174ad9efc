/// The Python 3 (stdlib only) HTTP/1.1 server that ``PythonHTTPPeer`` runs as the client's real peer.
///
/// It binds 127.0.0.1 on a port of its choosing, prints the port on stdout and serves:
/// `/echo` (method, target, headers, base64 body, connection statistics as JSON), `/status/N`,
/// `/bytes` (all 256 byte values), `/echo-bytes` (the body back), `/sleep/MS`, `/large/N` (with
/// Content-Length), `/chunked/N` (chunked), `/redirect` (302 to /echo), `/interim` (a raw
/// `100 Continue` before the final response), `/cookies` (duplicate fields) and `/stats`.
/// Absolute-form targets (the client using it as a forward proxy) are routed by their path.
/// With `CERT KEY` arguments it serves TLS.
enum PythonHTTPPeerScript {
    static let source = #"""
        import base64, json, os, ssl, sys, threading, time, urllib.parse
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        lock = threading.Lock()
        requests_by_connection = {}
        in_flight = 0

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                super().setup()
                with lock:
                    requests_by_connection[self.client_address[1]] = 0

            def log_message(self, *args):
                pass

            def send(self, status, body=b"", headers=()):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def handle_any(self):
                global in_flight
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with lock:
                    requests_by_connection[self.client_address[1]] += 1
                    connection_requests = requests_by_connection[self.client_address[1]]
                    connections_total = len(requests_by_connection)
                # A proxied request carries an absolute-form target; route on its path either way.
                parts = urllib.parse.urlsplit(self.path).path.strip("/").split("/")
                route = parts[0]
                if route == "echo":
                    reply = {
                        "method": self.command, "target": self.path,
                        "headers": [[k, v] for k, v in self.headers.items()],
                        "body": base64.b64encode(body).decode(),
                        "clientPort": self.client_address[1],
                        "connectionRequests": connection_requests,
                        "connectionsTotal": connections_total,
                    }
                    self.send(200, json.dumps(reply).encode(), [("Content-Type", "application/json")])
                elif route == "status":
                    self.send(int(parts[1]), ("status %s" % parts[1]).encode())
                elif route == "bytes":
                    self.send(200, bytes(range(256)), [("Content-Type", "application/octet-stream")])
                elif route == "echo-bytes":
                    self.send(200, body, [("Content-Type", "application/octet-stream")])
                elif route == "sleep":
                    with lock:
                        in_flight += 1
                    try:
                        time.sleep(int(parts[1]) / 1000.0)
                        self.send(200, b"slept")
                    finally:
                        with lock:
                            in_flight -= 1
                elif route == "large":
                    self.send(200, b"x" * int(parts[1]))
                elif route == "chunked":
                    self.send_response(200)
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    remaining = int(parts[1])
                    while remaining > 0:
                        size = min(remaining, 1024)
                        self.wfile.write(b"%x\r\n" % size + b"y" * size + b"\r\n")
                        remaining -= size
                    self.wfile.write(b"0\r\n\r\n")
                elif route == "redirect":
                    self.send(302, b"moved", [("Location", "/echo")])
                elif route == "interim":
                    self.wfile.write(b"HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n")
                    self.send(200, b"final", [("X-Final", "yes")])
                elif route == "cookies":
                    self.send(200, b"", [("Set-Cookie", "a=1"), ("X-Between", "z"), ("Set-Cookie", "b=2")])
                elif route == "stats":
                    with lock:
                        reply = {"inFlight": in_flight, "connectionsTotal": len(requests_by_connection)}
                    self.send(200, json.dumps(reply).encode(), [("Content-Type", "application/json")])
                else:
                    self.send(404, b"no such route")

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = handle_any

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256

            def handle_error(self, request, client_address):
                pass  # clients that time out or cancel close their connection mid-response

        server = Server(("127.0.0.1", 0), Handler)
        if len(sys.argv) == 3:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[1], sys.argv[2])
            server.socket = context.wrap_socket(server.socket, server_side=True)
        def exit_when_orphaned(parent=os.getppid()):
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(0)  # the test process died without killing us

        threading.Thread(target=exit_when_orphaned, daemon=True).start()
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
