#!/usr/bin/env python3
"""A webhook endpoint that verifies Stripe signatures with the official library and records every delivery.

    webhook_receiver.py --secret whsec_… [--secret whsec_…] [--fail-first N] [--tolerance 300]

Listens on 127.0.0.1 on a free port and prints `{"port": P}` as its first stdout line (flushed) once it accepts
connections. Every POST (any path) is verified with `stripe.Webhook.construct_event(payload, Stripe-Signature,
secret, tolerance)`:

- bad or missing signature (or a payload that is not an event) → 400;
- otherwise the first N deliveries of each event id → 500, later ones → 200.

Every delivery is recorded: `{"event", "type", "account", "attempt" (1-based, per event id, counting verified
deliveries only; 0 when unverified), "verified", "status" (what was answered), "error", "signature_timestamp",
"path", "time" (unix seconds, float)}`. `GET /deliveries` returns `{"deliveries": [...]}` in arrival order
(`?event=evt_…` filters by event id); `GET /health` → 200. `POST /_secrets` with a JSON body
`{"secret": "whsec_…"}` adds an accepted secret (for endpoints created through `/v1/webhook_endpoints`, whose
secret is known only after the receiver runs); a delivery verifies if it verifies with any of the secrets.
SIGTERM/SIGINT → the server stops and exits 0.
Diagnostics go to stderr (never the secret).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import stripe


class Recorder:
    def __init__(self, fail_first: int, secrets: list[str]) -> None:
        self.fail_first = fail_first
        self.secrets = list(secrets)
        self.lock = threading.Lock()
        self.deliveries: list[dict[str, Any]] = []
        self.attempts: dict[str, int] = {}

    def verified(self, event_id: str) -> tuple[int, int]:
        """Counts a verified delivery of `event_id`; returns (attempt number, status to answer)."""
        with self.lock:
            attempt = self.attempts.get(event_id, 0) + 1
            self.attempts[event_id] = attempt
        return attempt, (500 if attempt <= self.fail_first else 200)

    def add_secret(self, secret: str) -> None:
        with self.lock:
            if secret not in self.secrets:
                self.secrets.append(secret)

    def current_secrets(self) -> list[str]:
        with self.lock:
            return list(self.secrets)

    def add(self, record: dict[str, Any]) -> None:
        with self.lock:
            self.deliveries.append(record)

    def snapshot(self, event: str | None) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(d) for d in self.deliveries if event is None or d["event"] == event]


def construct(payload: str, header: str | None, secrets: list[str], tolerance: int) -> Any:
    """`stripe.Webhook.construct_event` with the first secret that verifies; the last error otherwise."""
    failure: Exception = stripe.SignatureVerificationError("no webhook secret configured", header, payload)
    for secret in secrets:
        try:
            return stripe.Webhook.construct_event(payload, header, secret, tolerance)
        except stripe.SignatureVerificationError as error:
            failure = error
    raise failure


def make_handler(tolerance: int, recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - BaseHTTPRequestHandler's name
            if self.command != "GET":  # the deliveries themselves are logged by do_POST; polling is noise
                sys.stderr.write("webhook_receiver: %s\n" % (format % args))

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            url = urlsplit(self.path)
            if url.path == "/deliveries":
                event = parse_qs(url.query).get("event", [None])[0]
                self._answer(200, {"deliveries": recorder.snapshot(event)})
            elif url.path == "/health":
                self._answer(200, {"ok": True})
            else:
                self._answer(404, {"error": "not found"})

        def do_POST(self) -> None:  # noqa: N802
            received = time.time()
            length = int(self.headers.get("Content-Length") or 0)
            payload = self.rfile.read(length) if length > 0 else b""
            if urlsplit(self.path).path == "/_secrets":
                try:
                    secret = json.loads(payload)["secret"]
                    if not isinstance(secret, str) or not secret:
                        raise ValueError("secret must be a non-empty string")
                except (ValueError, KeyError, TypeError) as error:
                    self._answer(400, {"error": f"expected {{\"secret\": \"whsec_…\"}}: {error}"})
                    return
                recorder.add_secret(secret)
                print("webhook_receiver: secret added", file=sys.stderr)
                self._answer(200, {"secrets": len(recorder.current_secrets())})
                return
            header = self.headers.get("Stripe-Signature")
            record: dict[str, Any] = {
                "event": None,
                "type": None,
                "account": None,
                "attempt": 0,
                "verified": False,
                "status": 400,
                "error": None,
                "signature_timestamp": _timestamp(header),
                "path": self.path,
                "time": received,
            }
            try:
                event = construct(payload.decode("utf-8"), header, recorder.current_secrets(), tolerance)
                event_id = getattr(event, "id", None)
                if not isinstance(event_id, str) or not event_id:
                    raise ValueError("the event has no id")
            except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError) as error:
                record["error"] = f"{type(error).__name__}: {error}"
                # Keep what the unverified body claims, to make the report readable.
                try:
                    claimed = json.loads(payload)
                    if isinstance(claimed, dict):
                        record["event"] = claimed.get("id")
                        record["type"] = claimed.get("type")
                        record["account"] = claimed.get("account")
                except ValueError:
                    pass
                recorder.add(record)
                print(f"webhook_receiver: rejected delivery ({record['error']})", file=sys.stderr)
                self._answer(400, {"error": "signature verification failed"})
                return
            attempt, status = recorder.verified(event_id)
            record.update(
                event=event_id,
                type=getattr(event, "type", None),
                account=getattr(event, "account", None) if "account" in event else None,
                attempt=attempt,
                verified=True,
                status=status,
            )
            recorder.add(record)
            print(
                f"webhook_receiver: {event_id} {record['type']} account={record['account']} "
                f"attempt={attempt} -> {status}",
                file=sys.stderr,
            )
            self._answer(status, {"received": status == 200})

    return Handler


def _timestamp(header: str | None) -> int | None:
    if not header:
        return None
    for part in header.split(","):
        key, _, value = part.partition("=")
        if key.strip() == "t":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verifying, recording Stripe webhook receiver.")
    parser.add_argument("--secret", action="append", required=True, help="an endpoint's whsec_ secret (repeatable)")
    parser.add_argument("--fail-first", type=int, default=0, help="answer 500 to the first N deliveries per event")
    parser.add_argument("--tolerance", type=int, default=stripe.Webhook.DEFAULT_TOLERANCE, help="seconds")
    args = parser.parse_args(argv)
    if args.fail_first < 0:
        parser.error("--fail-first must be >= 0")

    recorder = Recorder(args.fail_first, args.secret)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(args.tolerance, recorder))
    server.daemon_threads = True

    def stop(signum: int, _frame: Any) -> None:
        print(f"webhook_receiver: signal {signum}, stopping", file=sys.stderr)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    # A parent that blocks SIGTERM for its own signal handling (a Swift service group does) passes the blocked
    # mask on to its children: unblock it, or the receiver would never hear SIGTERM.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGINT, stop)
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
