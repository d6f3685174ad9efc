#!/usr/bin/env python3
"""Self-test of webhook_receiver.py (no sandbox needed): the stripe library's signing vector, retries, 400s.

    webhook_receiver_selftest.py [--receiver PATH]   (default: webhook_receiver.py next to this file)

Checks, printing each to stderr and exiting 1 on the first failure:
1. `WebhookSignature` computes the TEST-PEERS.md vector (secret whsec_test_secret, t 1700000000,
   payload {"id":"evt_test","object":"event"} → v1=8042376f…b724).
2. A receiver with `--tolerance 0` accepts exactly that vector header (200, verified), and one with the default
   tolerance (300 s) refuses it as too old (400).
3. With `--fail-first 2`, a freshly signed event is answered 500, 500, 200, 200 (attempts 1–4), another event id
   starts again at 500; a wrong secret, a tampered body and a missing header get 400 and are recorded unverified.
4. `POST /_secrets` adds a second accepted secret (an event signed with it then verifies).
5. `GET /deliveries` returns all of it; SIGTERM stops the receiver with exit status 0.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any

import stripe

VECTOR_SECRET = "whsec_test_secret"
VECTOR_PAYLOAD = '{"id":"evt_test","object":"event"}'
VECTOR_T = 1700000000
VECTOR_V1 = "8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724"


class Failure(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)
    print(f"  ok: {message}", file=sys.stderr)


def start(receiver: str, *args: str) -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        [sys.executable, "-u", receiver, *args], stdout=subprocess.PIPE, stderr=sys.stderr, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    try:
        port = int(json.loads(line)["port"])
    except (ValueError, KeyError, TypeError) as error:
        process.kill()
        raise Failure(f"receiver ready line {line!r} is not {{\"port\": P}}: {error}")
    return process, port


def post(port: int, payload: str, header: str | None) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/stripe", data=payload.encode("utf-8"), method="POST"
    )
    request.add_header("Content-Type", "application/json")
    if header is not None:
        request.add_header("Stripe-Signature", header)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def deliveries(port: int, event: str | None = None) -> list[dict[str, Any]]:
    url = f"http://127.0.0.1:{port}/deliveries" + (f"?event={event}" if event else "")
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())["deliveries"]


def stop(process: subprocess.Popen[str]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
        return -9


def run(receiver: str) -> None:
    print("1. signing vector", file=sys.stderr)
    header = stripe.WebhookSignature.generate_signature_header(VECTOR_PAYLOAD, VECTOR_SECRET, timestamp=VECTOR_T)
    expect(header == f"t={VECTOR_T},v1={VECTOR_V1}", f"generate_signature_header → {header}")

    print("2. the vector through the receiver", file=sys.stderr)
    process, port = start(receiver, "--secret", VECTOR_SECRET, "--tolerance", "0")
    try:
        expect(post(port, VECTOR_PAYLOAD, header) == 200, "tolerance 0: vector header answered 200")
        seen = deliveries(port)
        expect(
            len(seen) == 1 and seen[0]["verified"] and seen[0]["event"] == "evt_test" and seen[0]["attempt"] == 1,
            f"recorded as verified evt_test attempt 1: {seen}",
        )
    finally:
        expect(stop(process) == 0, "SIGTERM → exit 0")
    process, port = start(receiver, "--secret", VECTOR_SECRET)
    try:
        expect(post(port, VECTOR_PAYLOAD, header) == 400, "default tolerance: 2023 timestamp answered 400")
        seen = deliveries(port)
        expect(len(seen) == 1 and not seen[0]["verified"] and "tolerance" in (seen[0]["error"] or ""),
               f"recorded unverified, tolerance error: {seen[0].get('error')}")
    finally:
        expect(stop(process) == 0, "SIGTERM → exit 0")

    print("3. retries and bad signatures", file=sys.stderr)
    secret = "whsec_selftest_" + os.urandom(8).hex()
    process, port = start(receiver, "--secret", secret, "--fail-first", "2")
    try:
        event = {"id": "evt_selftest_1", "object": "event", "type": "payment_intent.succeeded",
                 "account": "acct_selftest", "data": {"object": {"id": "pi_1", "object": "payment_intent"}}}
        body = json.dumps(event)
        statuses = [post(port, body, stripe.WebhookSignature.generate_signature_header(body, secret))
                    for _ in range(4)]
        expect(statuses == [500, 500, 200, 200], f"evt_selftest_1 answered {statuses}")
        other = json.dumps({"id": "evt_selftest_2", "object": "event", "type": "payout.paid", "data": {}})
        expect(post(port, other, stripe.WebhookSignature.generate_signature_header(other, secret)) == 500,
               "evt_selftest_2 starts again at 500")
        wrong = stripe.WebhookSignature.generate_signature_header(body, secret + "x")
        expect(post(port, body, wrong) == 400, "wrong secret → 400")
        good = stripe.WebhookSignature.generate_signature_header(body, secret)
        expect(post(port, body.replace("acct_selftest", "acct_tampered"), good) == 400, "tampered body → 400")
        expect(post(port, body, None) == 400, "missing Stripe-Signature → 400")
        first = deliveries(port, "evt_selftest_1")
        verified = [d for d in first if d["verified"]]
        expect([d["attempt"] for d in verified] == [1, 2, 3, 4], f"attempts {[d['attempt'] for d in verified]}")
        expect([d["status"] for d in verified] == [500, 500, 200, 200], "statuses recorded")
        expect(all(d["account"] == "acct_selftest" and d["type"] == "payment_intent.succeeded" for d in verified),
               "account and type recorded")
        rejected = [d for d in deliveries(port) if not d["verified"]]
        expect(len(rejected) == 3 and all(d["status"] == 400 and d["attempt"] == 0 for d in rejected),
               f"3 unverified deliveries recorded with 400: {[d['error'] for d in rejected]}")
        expect(len(deliveries(port)) == 8, "8 deliveries in total")

        print("4. a secret added at run time", file=sys.stderr)
        later = "whsec_later_" + os.urandom(8).hex()
        third = json.dumps({"id": "evt_selftest_3", "object": "event", "type": "payout.paid", "data": {}})
        expect(post(port, third, stripe.WebhookSignature.generate_signature_header(third, later)) == 400,
               "signed with an unknown secret → 400")
        request = urllib.request.Request(f"http://127.0.0.1:{port}/_secrets",
                                         data=json.dumps({"secret": later}).encode(), method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            expect(json.loads(response.read()) == {"secrets": 2}, "POST /_secrets → 2 secrets")
        expect(post(port, third, stripe.WebhookSignature.generate_signature_header(third, later)) == 500,
               "signed with the added secret → verified (500: first attempt of evt_selftest_3)")
        expect(post(port, body, stripe.WebhookSignature.generate_signature_header(body, secret)) == 200,
               "the first secret still verifies")
    finally:
        expect(stop(process) == 0, "SIGTERM → exit 0")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.path.join(os.path.dirname(os.path.abspath(__file__)), "webhook_receiver.py")
    parser.add_argument("--receiver", default=default)
    args = parser.parse_args()
    started = time.time()
    try:
        run(args.receiver)
    except Failure as failure:
        print(f"webhook_receiver_selftest: FAILED: {failure}", file=sys.stderr)
        return 1
    print(f"webhook_receiver_selftest: all checks passed in {time.time() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
