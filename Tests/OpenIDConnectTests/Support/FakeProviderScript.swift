/// A scripted OpenID provider for tests that need tokens signed by keys the test controls: it publishes a
/// discovery document and a JWKS (key `k1`; `k1` and `k2` after `POST /rotate`), counts JWKS fetches, and
/// signs whatever the test asks for with `k1`, `k2`, or an unpublished key (`other`), under any `alg`.
///
/// - `GET /.well-known/openid-configuration`, `GET /jwks` (counted), `GET /stats` → `{"jwksFetches":n}`
/// - `POST /rotate` publishes `k2` too; `POST /strip-kids` publishes the keys without `kid`
/// - `POST /sign` `{"key":"k1|k2|other","kid":"…"|null,"alg":"RS256|HS256|none","claims":{…}}` → the token
///   (`HS256` uses `k1`'s public PEM as the HMAC secret, the classic key-confusion forgery)
enum FakeProviderScript {
    static let source = #"""
        import base64, hashlib, hmac, json, sys, threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding, rsa

        keys = {name: rsa.generate_private_key(public_exponent=65537, key_size=2048) for name in ("k1", "k2", "other")}
        published = ["k1"]
        state = {"jwks": 0, "strip": False}
        lock = threading.Lock()

        def b64(data):
            return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

        def jwk(name):
            numbers = keys[name].public_key().public_numbers()
            n = numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")
            e = numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")
            return {"kty": "RSA", "kid": name, "use": "sig", "alg": "RS256", "n": b64(n), "e": b64(e)}

        def sign(request):
            header = {"alg": request.get("alg", "RS256"), "typ": "JWT"}
            if request.get("kid") is not None:
                header["kid"] = request["kid"]
            signing_input = (b64(json.dumps(header).encode()) + "." + b64(json.dumps(request["claims"]).encode())).encode()
            key = keys[request.get("key", "k1")]
            if header["alg"] == "RS256":
                signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
            elif header["alg"] == "HS256":
                pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
                signature = hmac.new(pem, signing_input, hashlib.sha256).digest()
            else:
                signature = b"\x00\x01\x02"
            return signing_input.decode() + "." + b64(signature)

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, body, content_type="application/json"):
                data = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                base = "http://127.0.0.1:%d" % self.server.server_port
                if self.path == "/.well-known/openid-configuration":
                    self.reply(200, json.dumps({"issuer": base, "authorization_endpoint": base + "/authorize",
                                                "token_endpoint": base + "/token", "jwks_uri": base + "/jwks"}))
                elif self.path == "/jwks":
                    with lock:
                        state["jwks"] += 1
                        keys_out = [jwk(name) for name in published]
                        if state["strip"]:
                            for key in keys_out:
                                del key["kid"]
                        document = {"keys": keys_out}
                    self.reply(200, json.dumps(document))
                elif self.path == "/stats":
                    with lock:
                        self.reply(200, json.dumps({"jwksFetches": state["jwks"]}))
                else:
                    self.reply(404, "{}")

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                if self.path == "/rotate":
                    with lock:
                        if "k2" not in published:
                            published.append("k2")
                    self.reply(204, b"")
                elif self.path == "/strip-kids":
                    with lock:
                        state["strip"] = True
                    self.reply(204, b"")
                elif self.path == "/sign":
                    self.reply(200, sign(json.loads(body)), "text/plain")
                else:
                    self.reply(404, "{}")

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_port, flush=True)
        server.serve_forever()
        """#
}
