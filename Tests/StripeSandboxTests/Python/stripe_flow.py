#!/usr/bin/env python3
"""The issue's scripted Stripe Connect flow, run with the official `stripe` library (16.1.0) against a base URL.

    stripe_flow.py --base http://127.0.0.1:PORT --key sk_test_… --publishable pk_test_… \
        --fixtures stripe-fixtures.json --out objects.json [--report steps.json] [--skip test_clock,…]

Every step asserts on content (statuses, amounts, the ids that link objects). Steps run in order; a failing step
is reported with its exception and the steps that need its results fail as "needs …", the others still run.
Everything the library returned is written to `--out` as `{"<object type>": [object, …]}` (list items are
filed one by one, deleted objects under `deleted_<type>`), for `fixture_shapes.py`. `--fixtures` is used to
run that shape check at the end too (as the step `fixture_shapes`, when fixture_shapes.py sits next to this
script; otherwise it is skipped with a note).

The calls are those of the real Stripe API (this script would run against Stripe test mode), except the sandbox
test helpers, which go through `client.raw_request` + `client.deserialize`:
`POST /v1/test_helpers/advance_time` (seconds), `POST /v1/test_helpers/disputes/{id}/close` (outcome), and the
onboarding page, driven like a browser (GET the account link's url, POST `action=complete`, expect a 303 to the
link's return_url).

With `--webhooks`, the flow first starts `webhook_receiver.py` (next to this script; `--webhook-fail-first N`,
default 2), creates two endpoints through `/v1/webhook_endpoints` (a platform one and a `connect=true` one,
`enabled_events=["*"]`), hands their secrets to the receiver, and ends with the step `webhook_deliveries`: every
event the passed steps imply (account.updated, payment_intent.succeeded|payment_failed, charge.refunded,
customer.subscription.created, invoice.payment_succeeded, charge.dispute.created|closed, payout.paid) arrives
(within `--webhook-wait` seconds), verified by `stripe.Webhook.construct_event`, N times answered 500 then once
200 and never again, Connect events with `account` on the connect endpoint only; the sandbox's
`GET /v1/test_helpers/webhook_attempts` agrees. Give the sandbox a short `STRIPE_SANDBOX_WEBHOOK_RETRY_BASE`.

Output: one `PASS <step>` / `FAIL <step>: <error>` line per step on stderr and a summary; exit status 0 when
every step passed, 1 otherwise, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import collections
import html.parser
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Callable

import stripe

DAY = 86400
PLATFORM = None  # the options value meaning "as the platform"


class StepFailure(AssertionError):
    pass


def expect(condition: Any, message: str) -> None:
    if not condition:
        raise StepFailure(message)


def equal(actual: Any, expected: Any, what: str) -> None:
    if actual != expected:
        raise StepFailure(f"{what}: expected {expected!r}, got {actual!r}")


def raw(obj: Any) -> Any:
    """The plain JSON value of what the library returned."""
    if isinstance(obj, stripe.StripeObject):
        return obj.to_dict(for_json=True)
    return obj


def ident(value: Any) -> Any:
    """The id of an expandable field, whether it came as an id or as an expanded object."""
    if isinstance(value, stripe.StripeObject):
        return value["id"] if "id" in value else None
    if isinstance(value, dict):
        return value.get("id")
    return value


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 - urllib's signature
        return None


class FormFinder(html.parser.HTMLParser):
    """Finds the <form>s of a page (method, action) and its input names."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.inputs: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.forms.append(values)
        elif tag in ("input", "button"):
            self.inputs.append(values)


class Flow:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.base = args.base.rstrip("/")
        self.client = stripe.StripeClient(
            args.key,
            base_addresses={"api": self.base, "connect": self.base, "files": self.base},
            max_network_retries=0,
        )
        self.objects: dict[str, list[Any]] = collections.defaultdict(list)
        self.state: dict[str, Any] = {}
        self.results: list[dict[str, Any]] = []
        self.run_id = uuid.uuid4().hex[:10]

    # ----------------------------------------------------------------------------------------------- plumbing

    def rec(self, obj: Any) -> Any:
        """Files what the library returned under its object type; returns it unchanged."""
        value = raw(obj)
        if isinstance(value, dict):
            kind = value.get("object")
            if kind == "list" and isinstance(value.get("data"), list):
                for item in value["data"]:
                    self._file(item)
            elif kind == "search_result" and isinstance(value.get("data"), list):
                for item in value["data"]:
                    self._file(item)
            else:
                self._file(value)
        return obj

    def _file(self, value: Any) -> None:
        if not isinstance(value, dict) or not isinstance(value.get("object"), str):
            return
        kind = value["object"]
        if value.get("deleted") is True:
            kind = "deleted_" + kind
        self.objects[kind].append(value)

    def acct(self) -> dict[str, Any]:
        return {"stripe_account": self.state["account"]}

    def helper(self, path: str, **params: Any) -> Any:
        """A sandbox test-helper POST through the library's raw_request; the deserialized object."""
        response = self.client.raw_request("post", path, **params)
        return self.rec(self.client.deserialize(response, api_mode="V1"))

    def advance(self, seconds: int) -> int:
        clock = self.helper("/v1/test_helpers/advance_time", seconds=seconds)
        now = getattr(clock, "now", None)
        expect(isinstance(now, int), f"advance_time returned no integer `now`: {raw(clock)}")
        previous = self.state.get("sandbox_now")
        if previous is not None:
            expect(now >= previous + seconds, f"advance_time: now {now} < previous {previous} + {seconds}")
        self.state["sandbox_now"] = now
        self.state["advanced"] = self.state.get("advanced", 0) + seconds
        self.note(f"sandbox clock advanced {seconds}s ({seconds / DAY:g} days) → now={now}")
        return now

    def note(self, message: str) -> None:
        print(f"    {message}", file=sys.stderr)

    def poll(self, what: str, fetch: Callable[[], Any], ready: Callable[[Any], bool], attempts: int = 20) -> Any:
        """Re-fetches until `ready` (bounded: `attempts` × 0.5 s), for what real Stripe does asynchronously."""
        value = fetch()
        for _ in range(attempts - 1):
            if ready(value):
                return value
            time.sleep(0.5)
            value = fetch()
        expect(ready(value), f"{what}: not reached after {attempts} attempts; last value {raw(value)}")
        return value

    def run(self, name: str, needs: list[str], body: Callable[[], None]) -> None:
        if name in self.args.skip:
            print(f"SKIP {name} (--skip)", file=sys.stderr)
            self.results.append({"step": name, "ok": None, "error": "skipped by --skip", "seconds": 0})
            return
        missing = [need for need in needs if need not in self.state]
        started = time.monotonic()
        print(f"---- {name}", file=sys.stderr)
        if missing:
            error = f"needs {', '.join(missing)} (an earlier step failed)"
            ok = False
        else:
            try:
                body()
                ok, error = True, None
            except StepFailure as failure:
                ok, error = False, f"assertion: {failure}"
            except stripe.StripeError as failure:
                body_text = getattr(failure, "http_body", None)
                ok = False
                error = (
                    f"{type(failure).__name__} (HTTP {failure.http_status}, code {failure.code!r}): "
                    f"{failure.user_message or failure}; body: {(body_text or '')[:600]}"
                )
            except Exception as failure:  # noqa: BLE001 - reported, the flow goes on
                ok, error = False, f"{type(failure).__name__}: {failure}"
                traceback.print_exc(file=sys.stderr)
        seconds = round(time.monotonic() - started, 2)
        self.results.append({"step": name, "ok": ok, "error": error, "seconds": seconds})
        print(f"{'PASS' if ok else 'FAIL'} {name}" + ("" if ok else f": {error}"), file=sys.stderr)

    # ----------------------------------------------------------------------------------------------- steps

    def step_account(self) -> None:
        email = f"merchant-{self.run_id}@example.com"
        account = self.rec(
            self.client.v1.accounts.create(
                {
                    "type": "express",
                    "country": "RO",
                    "email": email,
                    "capabilities": {"card_payments": {"requested": True}, "transfers": {"requested": True}},
                    "metadata": {"run": self.run_id},
                }
            )
        )
        expect(account.id.startswith("acct_"), f"account id {account.id!r} does not start with acct_")
        self.state["account"] = account.id
        equal(account.object, "account", "account.object")
        equal(account.country, "RO", "account.country")
        equal(account.email, email, "account.email")
        equal(account.type, "express", "account.type")
        equal(account.metadata.to_dict().get("run"), self.run_id, "account.metadata.run")
        equal(account.details_submitted, False, "new account details_submitted")
        equal(account.charges_enabled, False, "new account charges_enabled")
        expect(len(account.requirements.currently_due) > 0,
               f"a new account has requirements.currently_due: {raw(account.requirements)}")
        fetched = self.rec(self.client.v1.accounts.retrieve(account.id))
        equal(fetched.id, account.id, "retrieved account id")
        self.note(f"account {account.id}, currently_due={list(account.requirements.currently_due)}")

    def step_account_link(self) -> None:
        link = self.rec(
            self.client.v1.account_links.create(
                {
                    "account": self.state["account"],
                    "refresh_url": f"https://paylinks.test/onboarding/refresh?run={self.run_id}",
                    "return_url": f"https://paylinks.test/onboarding/return?run={self.run_id}",
                    "type": "account_onboarding",
                }
            )
        )
        equal(link.object, "account_link", "account_link.object")
        expect(isinstance(link.url, str) and link.url.startswith(("http://", "https://")),
               f"account_link.url {link.url!r}")
        expect(link.expires_at > link.created, f"expires_at {link.expires_at} <= created {link.created}")
        self.state["link"] = {
            "url": link.url,
            "return_url": f"https://paylinks.test/onboarding/return?run={self.run_id}",
            "refresh_url": f"https://paylinks.test/onboarding/refresh?run={self.run_id}",
        }
        self.note(f"link {link.url}")

    def _browser_post(self, url: str, fields: dict[str, str]) -> tuple[int, str | None]:
        opener = urllib.request.build_opener(NoRedirect)
        data = urllib.parse.urlencode(fields).encode("ascii")
        request = urllib.request.Request(url, data=data, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with opener.open(request, timeout=15) as response:
                return response.status, response.headers.get("Location")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location")

    def step_onboarding(self) -> None:
        link = self.state["link"]
        with urllib.request.urlopen(link["url"], timeout=15) as response:
            equal(response.status, 200, "onboarding page status")
            content_type = response.headers.get("Content-Type", "")
            page = response.read().decode("utf-8", "replace")
        expect("text/html" in content_type, f"onboarding page Content-Type {content_type!r}")
        finder = FormFinder()
        finder.feed(page)
        posting = [f for f in finder.forms if f.get("method", "get").lower() == "post"]
        expect(posting, f"onboarding page has no <form method=post>: {page[:400]!r}")
        action = posting[0].get("action") or link["url"]
        target = urllib.parse.urljoin(link["url"], action)
        self.note(f"page has {len(finder.forms)} form(s); posting action=complete to {target}")
        status, location = self._browser_post(target, {"action": "complete"})
        equal(status, 303, "onboarding POST status")
        equal(location, link["return_url"], "onboarding POST Location")
        self.state["onboarded"] = True

    def step_onboarding_link_used(self) -> None:
        link = self.state["link"]
        status, location = self._browser_post(link["url"], {"action": "complete"})
        equal(status, 303, "second POST of a used link: status")
        equal(location, link["refresh_url"], "second POST of a used link: Location (the refresh_url)")

    def step_account_completed(self) -> None:
        account = self.rec(self.client.v1.accounts.retrieve(self.state["account"]))
        equal(account.details_submitted, True, "details_submitted after onboarding")
        equal(account.charges_enabled, True, "charges_enabled after onboarding")
        equal(account.payouts_enabled, True, "payouts_enabled after onboarding")
        self.state["account_ready"] = True
        equal(list(account.requirements.currently_due), [], "requirements.currently_due after onboarding")
        equal(list(account.requirements.past_due), [], "requirements.past_due after onboarding")

    def step_customer(self) -> None:
        email = f"buyer-{self.run_id}@example.com"
        customer = self.rec(
            self.client.v1.customers.create(
                {"email": email, "name": "Ana Popescu", "metadata": {"run": self.run_id}}, self.acct()
            )
        )
        expect(customer.id.startswith("cus_"), f"customer id {customer.id!r}")
        self.state["customer"] = customer.id
        self.state["customer_email"] = email
        equal(customer.email, email, "customer.email")
        equal(customer.name, "Ana Popescu", "customer.name")
        fetched = self.rec(self.client.v1.customers.retrieve(customer.id, options=self.acct()))
        equal(fetched.email, email, "retrieved customer email")

    def step_isolation(self) -> None:
        try:
            self.client.v1.customers.retrieve(self.state["customer"])
        except stripe.InvalidRequestError as error:
            equal(error.http_status, 404, "platform retrieve of a connected account's customer: status")
            equal(error.code, "resource_missing", "error code")
            self.note(f"platform sees 404: {error.user_message}")
        else:
            raise StepFailure("the platform could retrieve a customer of the connected account")

    def step_direct_payment(self) -> None:
        options = self.acct()
        intent = self.rec(
            self.client.v1.payment_intents.create(
                {
                    "amount": 5000,
                    "currency": "ron",
                    "application_fee_amount": 250,
                    "customer": self.state["customer"],
                    "payment_method": "pm_card_visa",
                    "payment_method_types": ["card"],
                    "receipt_email": self.state["customer_email"],
                    "description": "PayLinks order",
                    "metadata": {"order_id": f"ord_{self.run_id}", "run": self.run_id},
                },
                options,
            )
        )
        expect(intent.id.startswith("pi_"), f"payment intent id {intent.id!r}")
        equal(intent.status, "requires_confirmation", "payment intent status after create")
        equal(intent.amount, 5000, "amount")
        equal(intent.currency, "ron", "currency")
        equal(intent.application_fee_amount, 250, "application_fee_amount")
        equal(ident(intent.customer), self.state["customer"], "customer")
        expect(isinstance(intent.client_secret, str) and intent.client_secret.startswith(intent.id + "_secret_"),
               f"client_secret {intent.client_secret!r}")
        equal(intent.metadata.to_dict().get("order_id"), f"ord_{self.run_id}", "metadata.order_id")

        confirmed = self.rec(self.client.v1.payment_intents.confirm(intent.id, options=options))
        equal(confirmed.status, "succeeded", "status after confirm")
        equal(confirmed.amount_received, 5000, "amount_received")
        charge_id = ident(confirmed.latest_charge)
        expect(isinstance(charge_id, str) and charge_id.startswith("ch_"), f"latest_charge {charge_id!r}")
        self.state["payment_intent"] = intent.id
        self.state["charge"] = charge_id

        expanded = self.rec(
            self.client.v1.payment_intents.retrieve(
                intent.id, {"expand": ["latest_charge.balance_transaction"]}, options
            )
        )
        charge = expanded.latest_charge
        expect(isinstance(charge, stripe.StripeObject), f"latest_charge not expanded: {charge!r}")
        equal(charge.id, charge_id, "expanded charge id")
        equal(charge.status, "succeeded", "charge.status")
        equal(charge.paid, True, "charge.paid")
        equal(charge.captured, True, "charge.captured")
        equal(charge.amount, 5000, "charge.amount")
        equal(charge.amount_captured, 5000, "charge.amount_captured")
        equal(ident(charge.payment_intent), intent.id, "charge.payment_intent")
        equal(ident(charge.customer), self.state["customer"], "charge.customer")
        equal(charge.application_fee_amount, 250, "charge.application_fee_amount")
        equal(charge.receipt_email, self.state["customer_email"], "charge.receipt_email")
        equal(charge.metadata.to_dict().get("order_id"), f"ord_{self.run_id}", "charge.metadata.order_id")
        card = charge.payment_method_details.card
        equal(charge.payment_method_details.type, "card", "payment_method_details.type")
        equal(card.brand, "visa", "card.brand")
        equal(card.last4, "4242", "card.last4")
        expect(isinstance(card.country, str) and len(card.country) == 2, f"card.country {card.country!r}")
        expect(isinstance(charge.receipt_url, str) and charge.receipt_url.startswith(("http://", "https://")),
               f"receipt_url {charge.receipt_url!r}")
        self.state["receipt_url"] = charge.receipt_url
        txn = charge.balance_transaction
        expect(isinstance(txn, stripe.StripeObject), f"balance_transaction not expanded: {txn!r}")
        expect(txn.id.startswith("txn_"), f"balance transaction id {txn.id!r}")
        equal(txn.amount, 5000, "balance_transaction.amount")
        equal(txn.currency, "ron", "balance_transaction.currency")
        expect(txn.fee > 0, f"balance_transaction.fee {txn.fee} is not > 0")
        expect(txn.fee >= 250, f"balance_transaction.fee {txn.fee} < the application fee 250")
        equal(txn.net, txn.amount - txn.fee, "balance_transaction.net")
        equal(ident(txn.source), charge_id, "balance_transaction.source")
        equal(sum(d.amount for d in txn.fee_details), txn.fee, "sum of fee_details")
        expect(any(d.type == "application_fee" and d.amount == 250 for d in txn.fee_details),
               f"fee_details has no application_fee of 250: {raw(txn.fee_details)}")
        expect(txn.available_on >= txn.created, "available_on before created")
        self.note(f"{intent.id} succeeded, charge {charge_id}, fee {txn.fee} {raw(txn.fee_details)}")

    def step_receipt_page(self) -> None:
        """The charge's receipt_url is a page a browser can open."""
        with urllib.request.urlopen(self.state["receipt_url"], timeout=15) as response:
            equal(response.status, 200, "receipt page status")
            content_type = response.headers.get("Content-Type", "")
            page = response.read().decode("utf-8", "replace")
        expect("text/html" in content_type, f"receipt page Content-Type {content_type!r}")
        expect("4242" in page, "the receipt page shows the card's last4 (4242)")

    def step_publishable_confirm(self) -> None:
        """Browser-side confirmation as Stripe.js does it: publishable key + client_secret (+ Stripe-Account)."""
        intent = self.rec(
            self.client.v1.payment_intents.create(
                {
                    "amount": 1200,
                    "currency": "ron",
                    "application_fee_amount": 100,
                    "payment_method_types": ["card"],
                    "metadata": {"run": self.run_id, "kind": "browser"},
                },
                self.acct(),
            )
        )
        equal(intent.status, "requires_payment_method", "payment intent without a payment method: status")
        browser = {"api_key": self.args.publishable, "stripe_account": self.state["account"]}
        seen = self.rec(
            self.client.v1.payment_intents.retrieve(intent.id, {"client_secret": intent.client_secret}, browser)
        )
        equal(seen.id, intent.id, "retrieve with the publishable key and client_secret")
        confirmed = self.rec(
            self.client.v1.payment_intents.confirm(
                intent.id, {"client_secret": intent.client_secret, "payment_method": "pm_card_visa"}, browser
            )
        )
        equal(confirmed.status, "succeeded", "status after the browser-side confirm")
        try:
            self.client.v1.payment_intents.retrieve(intent.id, {"client_secret": "pi_wrong_secret_x"}, browser)
        except (stripe.InvalidRequestError, stripe.PermissionError, stripe.AuthenticationError) as error:
            self.note(f"wrong client_secret refused: HTTP {error.http_status} {error.code}")
        else:
            raise StepFailure("the publishable key retrieved a payment intent with a wrong client_secret")
        try:
            self.client.v1.customers.list({"limit": 1}, browser)
        except (stripe.AuthenticationError, stripe.PermissionError, stripe.InvalidRequestError) as error:
            self.note(f"publishable key refused on customers.list: HTTP {error.http_status}")
        else:
            raise StepFailure("the publishable key could list customers")

    def step_application_fee(self) -> None:
        fees = self.rec(self.client.v1.application_fees.list({"charge": self.state["charge"]}))
        equal(len(fees.data), 1, "application fees of the direct charge (platform)")
        fee = fees.data[0]
        equal(fee.amount, 250, "application_fee.amount")
        equal(fee.currency, "ron", "application_fee.currency")
        equal(ident(fee.account), self.state["account"], "application_fee.account")
        equal(ident(fee.charge), self.state["charge"], "application_fee.charge")

    def step_refund(self) -> None:
        options = self.acct()
        refund = self.rec(
            self.client.v1.refunds.create(
                {"payment_intent": self.state["payment_intent"], "amount": 2000, "metadata": {"run": self.run_id}},
                options,
            )
        )
        expect(refund.id.startswith("re_"), f"refund id {refund.id!r}")
        equal(refund.amount, 2000, "refund.amount")
        equal(refund.status, "succeeded", "refund.status")
        equal(ident(refund.charge), self.state["charge"], "refund.charge")
        equal(ident(refund.payment_intent), self.state["payment_intent"], "refund.payment_intent")
        charge = self.rec(self.client.v1.charges.retrieve(self.state["charge"], options=options))
        equal(charge.amount_refunded, 2000, "charge.amount_refunded")
        equal(charge.refunded, False, "charge.refunded after a partial refund")
        refunds = self.rec(self.client.v1.refunds.list({"charge": self.state["charge"]}, options))
        equal([r.id for r in refunds.data], [refund.id], "refunds of the charge")

    def step_destination_charge(self) -> None:
        account = self.state["account"]
        intent = self.rec(
            self.client.v1.payment_intents.create(
                {
                    "amount": 3000,
                    "currency": "ron",
                    "payment_method": "pm_card_visa",
                    "payment_method_types": ["card"],
                    "confirm": True,
                    "application_fee_amount": 300,
                    "transfer_data": {"destination": account},
                    "on_behalf_of": account,
                    "metadata": {"run": self.run_id, "kind": "destination"},
                }
            )
        )
        equal(intent.status, "succeeded", "destination payment intent status")
        equal(ident(intent.transfer_data.destination), account, "transfer_data.destination")
        equal(ident(intent.on_behalf_of), account, "on_behalf_of")
        charge = self.rec(self.client.v1.charges.retrieve(ident(intent.latest_charge)))
        equal(charge.amount, 3000, "destination charge amount")
        equal(ident(charge.transfer_data.destination), account, "charge.transfer_data.destination")
        equal(ident(charge.on_behalf_of), account, "charge.on_behalf_of")
        transfers = self.rec(self.client.v1.transfers.list({"destination": account, "limit": 100}))
        matching = [t for t in transfers.data if ident(t.source_transaction) == charge.id]
        equal(len(matching), 1, f"transfers to {account} from {charge.id}")
        equal(matching[0].amount, 2700, "transfer amount (3000 - application fee 300)")
        equal(ident(matching[0].destination), account, "transfer.destination")

    def step_subscription(self) -> None:
        options = self.acct()
        product = self.rec(
            self.client.v1.products.create({"name": f"Monthly plan {self.run_id}", "metadata": {"run": self.run_id}},
                                           options)
        )
        expect(product.id.startswith("prod_"), f"product id {product.id!r}")
        price = self.rec(
            self.client.v1.prices.create(
                {"product": product.id, "unit_amount": 1500, "currency": "ron", "recurring": {"interval": "month"}},
                options,
            )
        )
        expect(price.id.startswith("price_"), f"price id {price.id!r}")
        equal(price.type, "recurring", "price.type")
        equal(price.recurring.interval, "month", "price.recurring.interval")
        equal(price.recurring.interval_count, 1, "price.recurring.interval_count")
        equal(price.unit_amount, 1500, "price.unit_amount")
        equal(ident(price.product), product.id, "price.product")

        customer = self.rec(
            self.client.v1.customers.create({"email": f"subscriber-{self.run_id}@example.com"}, options)
        )
        method = self.rec(
            self.client.v1.payment_methods.attach("pm_card_visa", {"customer": customer.id}, options)
        )
        expect(method.id.startswith("pm_") and method.id != "pm_card_visa",
               f"attach(pm_card_visa) should return a new payment method id, got {method.id!r}")
        equal(ident(method.customer), customer.id, "payment_method.customer")
        equal(method.card.brand, "visa", "payment_method.card.brand")
        equal(method.card.last4, "4242", "payment_method.card.last4")
        updated = self.rec(
            self.client.v1.customers.update(
                customer.id, {"invoice_settings": {"default_payment_method": method.id}}, options
            )
        )
        equal(ident(updated.invoice_settings.default_payment_method), method.id,
              "customer.invoice_settings.default_payment_method")

        subscription = self.rec(
            self.client.v1.subscriptions.create(
                {
                    "customer": customer.id,
                    "items": [{"price": price.id}],
                    "trial_period_days": 7,
                    "metadata": {"run": self.run_id},
                    "expand": ["latest_invoice"],
                },
                options,
            )
        )
        expect(subscription.id.startswith("sub_"), f"subscription id {subscription.id!r}")
        equal(subscription.status, "trialing", "subscription.status")
        self.state.update(
            price=price.id,
            price_amount=1500,
            subscription=subscription.id,
            subscriber=customer.id,
            subscriber_pm=method.id,
            trial_end=subscription.trial_end,
        )
        equal(ident(subscription.customer), customer.id, "subscription.customer")
        equal(subscription.trial_end - subscription.trial_start, 7 * DAY, "trial length")
        item = subscription["items"].data[0]
        equal(item.price.id, price.id, "items[0].price.id")
        equal(item.quantity, 1, "items[0].quantity")
        equal(item.current_period_end, subscription.trial_end, "items[0].current_period_end = trial_end")
        invoice = subscription.latest_invoice
        expect(isinstance(invoice, stripe.StripeObject), f"latest_invoice not expanded: {invoice!r}")
        equal(invoice.amount_due, 0, "trial invoice amount_due")
        equal(invoice.status, "paid", "trial invoice status")
        equal(invoice.billing_reason, "subscription_create", "trial invoice billing_reason")
        self.note(f"{subscription.id} trialing until {subscription.trial_end}")

    def _invoices(self, subscription: str, options: dict[str, Any]) -> list[Any]:
        listed = self.rec(self.client.v1.invoices.list({"subscription": subscription, "limit": 100}, options))
        for invoice in listed.data:
            parent = invoice.parent
            linked = None
            if parent is not None and getattr(parent, "subscription_details", None) is not None:
                linked = ident(parent.subscription_details.subscription)
            if linked is None and "subscription" in invoice:
                linked = ident(invoice["subscription"])
            equal(linked, subscription, f"invoice {invoice.id} parent.subscription_details.subscription")
        return list(listed.data)

    def step_renewal(self) -> None:
        options = self.acct()
        subscription_id = self.state["subscription"]
        self.advance(8 * DAY)  # through the end of the 7-day trial
        subscription = self.rec(self.client.v1.subscriptions.retrieve(subscription_id, options=options))
        equal(subscription.status, "active", "subscription status after the trial")
        invoices = self._invoices(subscription_id, options)
        zero = [i for i in invoices if i.amount_due == 0 and i.status == "paid"]
        paid = [i for i in invoices if i.status == "paid" and i.amount_paid == self.state["price_amount"]]
        expect(len(zero) == 1, f"one 0-amount trial invoice, got {[(i.id, i.amount_due, i.status) for i in invoices]}")
        summary = [(i.id, i.amount_paid, i.status) for i in invoices]
        expect(len(paid) >= 1, f"≥1 paid invoice of 1500 after the trial: {summary}")
        first_period_end = subscription["items"].data[0].current_period_end
        expect(first_period_end > self.state["trial_end"], "the period after the trial ends after the trial")

        self.advance(32 * DAY)  # one monthly renewal (a month + the hour Stripe waits before finalizing)
        subscription = self.rec(self.client.v1.subscriptions.retrieve(subscription_id, options=options))
        equal(subscription.status, "active", "subscription status after a renewal")
        expect(subscription["items"].data[0].current_period_start >= first_period_end,
               "the renewal moved the billing period")
        invoices = self._invoices(subscription_id, options)
        paid = [i for i in invoices if i.status == "paid" and i.amount_paid == self.state["price_amount"]]
        summary = [(i.id, i.amount_paid, i.status, i.billing_reason) for i in invoices]
        expect(len(paid) >= 2, f"≥2 paid invoices of 1500 after a renewal: {summary}")
        for invoice in paid:
            equal(invoice.currency, "ron", f"invoice {invoice.id} currency")
            equal(ident(invoice.customer), self.state["subscriber"], f"invoice {invoice.id} customer")
            expect(invoice.lines.data and invoice.lines.data[0].amount == 1500,
                   f"invoice {invoice.id} line amount: {raw(invoice.lines)}")
        self.state["renewed"] = True
        self.note(f"invoices: {[(i.id, i.amount_paid, i.billing_reason, i.status) for i in invoices]}")

    def step_test_clock(self) -> None:
        """Optional, separate: a Stripe test clock drives one customer's subscription."""
        options = self.acct()
        frozen = self.state.get("sandbox_now") or int(time.time())
        clock = self.rec(
            self.client.v1.test_helpers.test_clocks.create({"frozen_time": frozen, "name": f"flow {self.run_id}"},
                                                          options)
        )
        expect(clock.id.startswith("clock_"), f"test clock id {clock.id!r}")
        equal(clock.frozen_time, frozen, "test_clock.frozen_time")
        equal(clock.status, "ready", "test_clock.status")
        customer = self.rec(
            self.client.v1.customers.create(
                {"email": f"clock-{self.run_id}@example.com", "test_clock": clock.id}, options
            )
        )
        equal(ident(customer.test_clock), clock.id, "customer.test_clock")
        method = self.rec(self.client.v1.payment_methods.attach("pm_card_visa", {"customer": customer.id}, options))
        self.rec(self.client.v1.customers.update(
            customer.id, {"invoice_settings": {"default_payment_method": method.id}}, options))
        subscription = self.rec(
            self.client.v1.subscriptions.create(
                {"customer": customer.id, "items": [{"price": self.state["price"]}]}, options
            )
        )
        equal(subscription.status, "active", "test-clock subscription status (no trial)")
        equal(ident(subscription.test_clock), clock.id, "subscription.test_clock")
        period_end = subscription["items"].data[0].current_period_end
        self.rec(
            self.client.v1.test_helpers.test_clocks.advance(clock.id, {"frozen_time": period_end + 3 * 3600}, options)
        )
        clock = self.poll(
            "test clock ready",
            lambda: self.rec(self.client.v1.test_helpers.test_clocks.retrieve(clock.id, options=options)),
            lambda c: c.status == "ready",
        )
        equal(clock.frozen_time, period_end + 3 * 3600, "test_clock.frozen_time after advance")
        invoices = self._invoices(subscription.id, options)
        paid = [i for i in invoices if i.status == "paid" and i.amount_paid == 1500]
        summary = [(i.id, i.amount_paid, i.status) for i in invoices]
        expect(len(paid) >= 2, f"≥2 paid invoices on the test clock: {summary}")
        renewed = self.rec(self.client.v1.subscriptions.retrieve(subscription.id, options=options))
        equal(renewed.status, "active", "test-clock subscription status after renewal")
        expect(renewed["items"].data[0].current_period_start >= period_end, "test-clock renewal moved the period")

    def step_balance(self) -> None:
        options = self.acct()
        if self.state.get("advanced", 0) < 8 * DAY:
            # The renewal step advances 40 days; without it, make the funds available here.
            self.advance(8 * DAY)
        balance = self.rec(self.client.v1.balance.retrieve(options=options))
        equal(balance.object, "balance", "balance.object")
        available = {entry.currency: entry.amount for entry in balance.available}
        expect(available.get("ron", 0) > 0, f"available ron balance is not > 0: {raw(balance.available)}")
        self.state["available_ron"] = available["ron"]
        self.note(f"available {raw(balance.available)}, pending {raw(balance.pending)}")
        txns = self.rec(self.client.v1.balance_transactions.list({"limit": 100}, options))
        charges = [t for t in txns.data if ident(t.source) == self.state.get("charge")]
        if "charge" in self.state:
            equal(len(charges), 1, "balance transactions of the direct charge")
            equal(charges[0].status, "available", "the direct charge's balance transaction status after 7+ days")

    def step_payout(self) -> None:
        options = self.acct()
        amount = min(1000, self.state["available_ron"])
        payout = self.rec(
            self.client.v1.payouts.create(
                {"amount": amount, "currency": "ron", "metadata": {"run": self.run_id}}, options
            )
        )
        expect(payout.id.startswith("po_"), f"payout id {payout.id!r}")
        equal(payout.status, "pending", "payout status after create")
        equal(payout.amount, amount, "payout.amount")
        equal(payout.currency, "ron", "payout.currency")
        balance = self.rec(self.client.v1.balance.retrieve(options=options))
        after = {entry.currency: entry.amount for entry in balance.available}.get("ron", 0)
        equal(after, self.state["available_ron"] - amount, "available ron after the payout")
        self.advance(3 * DAY)
        settled = self.rec(self.client.v1.payouts.retrieve(payout.id, options=options))
        equal(settled.status, "paid", "payout status 3 days later")
        listed = self.rec(self.client.v1.payouts.list({"limit": 10}, options))
        expect(payout.id in [p.id for p in listed.data], "the payout is listed")

    def step_dispute(self) -> None:
        options = self.acct()
        intent = self.rec(
            self.client.v1.payment_intents.create(
                {
                    "amount": 2500,
                    "currency": "ron",
                    "payment_method": "pm_card_createDispute",
                    "payment_method_types": ["card"],
                    "confirm": True,
                    "metadata": {"run": self.run_id, "kind": "dispute"},
                },
                options,
            )
        )
        equal(intent.status, "succeeded", "pm_card_createDispute payment intent status")
        charge_id = ident(intent.latest_charge)
        disputes = self.poll(
            "a dispute on the payment intent",
            lambda: self.rec(self.client.v1.disputes.list({"payment_intent": intent.id}, options)),
            lambda listed: len(listed.data) > 0,
        )
        equal(len(disputes.data), 1, "disputes of the payment intent")
        dispute = disputes.data[0]
        expect(dispute.id.startswith(("dp_", "du_")), f"dispute id {dispute.id!r}")
        equal(dispute.status, "needs_response", "new dispute status")
        equal(dispute.amount, 2500, "dispute.amount")
        equal(ident(dispute.charge), charge_id, "dispute.charge")
        equal(ident(dispute.payment_intent), intent.id, "dispute.payment_intent")
        expect(len(dispute.balance_transactions) >= 1, "the dispute withdrew funds (balance_transactions)")
        equal(dispute.balance_transactions[0].amount, -2500, "dispute withdrawal amount")
        charge = self.rec(self.client.v1.charges.retrieve(charge_id, options=options))
        equal(charge.disputed, True, "charge.disputed")

        text = f"Customer received the goods (run {self.run_id})."
        updated = self.rec(
            self.client.v1.disputes.update(
                dispute.id, {"evidence": {"uncategorized_text": text}, "submit": True}, options
            )
        )
        equal(updated.status, "under_review", "dispute status after submitting evidence")
        equal(updated.evidence.uncategorized_text, text, "evidence.uncategorized_text")
        equal(updated.evidence_details.submission_count, 1, "evidence_details.submission_count")
        equal(updated.evidence_details.has_evidence, True, "evidence_details.has_evidence")

        closed = self.helper(f"/v1/test_helpers/disputes/{dispute.id}/close", outcome="won",
                             stripe_account=self.state["account"])
        equal(getattr(closed, "id", None), dispute.id, "closed dispute id")
        equal(closed.status, "won", "status returned by the close helper")
        won = self.rec(self.client.v1.disputes.retrieve(dispute.id, options=options))
        equal(won.status, "won", "dispute status after close(won)")
        expect(len(won.balance_transactions) >= 2, f"a won dispute reinstates funds: {raw(won.balance_transactions)}")
        equal(sum(t.amount for t in won.balance_transactions), 0, "withdrawal + reinstatement amounts")

    def step_declined(self) -> None:
        options = self.acct()
        try:
            self.client.v1.payment_intents.create(
                {
                    "amount": 1000,
                    "currency": "ron",
                    "payment_method": "pm_card_chargeDeclined",
                    "payment_method_types": ["card"],
                    "confirm": True,
                },
                options,
            )
        except stripe.CardError as error:
            equal(error.http_status, 402, "declined card HTTP status")
            equal(error.code, "card_declined", "CardError.code")
            details = error.error
            expect(details is not None, "CardError has no error object")
            equal(details.decline_code, "generic_decline", "decline_code")
            intent = details.payment_intent
            expect(intent is not None, "the card error carries the payment_intent")
            self.rec(intent)
            equal(intent.status, "requires_payment_method", "declined payment intent status")
            equal(intent.last_payment_error.code, "card_declined", "payment_intent.last_payment_error.code")
            self.note(f"CardError: {error.user_message}")
        else:
            raise StepFailure("pm_card_chargeDeclined did not raise stripe.CardError")

    def step_idempotency(self) -> None:
        options = self.acct()
        key = f"flow-{self.run_id}-customer"
        email = f"idem-{self.run_id}@example.com"
        first = self.rec(self.client.v1.customers.create({"email": email}, {**options, "idempotency_key": key}))
        second = self.rec(self.client.v1.customers.create({"email": email}, {**options, "idempotency_key": key}))
        equal(second.id, first.id, "same idempotency key, same params → same customer id")
        listed = self.rec(self.client.v1.customers.list({"email": email}, options))
        equal([c.id for c in listed.data], [first.id], "customers with the idempotent email")

        raw_key = f"flow-{self.run_id}-raw"
        params = {"email": f"idem-raw-{self.run_id}@example.com", "metadata": {"run": self.run_id}}
        one = self.client.raw_request("post", "/v1/customers", **params, stripe_account=self.state["account"],
                                      idempotency_key=raw_key)
        two = self.client.raw_request("post", "/v1/customers", **params, stripe_account=self.state["account"],
                                      idempotency_key=raw_key)
        self.rec(self.client.deserialize(one, api_mode="V1"))
        equal(one.code, 200, "first raw POST status")
        equal(two.body, one.body, "replayed body is byte-identical")
        replayed = {k.lower(): v for k, v in dict(two.headers).items()}.get("idempotent-replayed")
        equal(replayed, "true", "Idempotent-Replayed header on the replay")

        try:
            self.client.v1.customers.create({"email": f"other-{self.run_id}@example.com"},
                                            {**options, "idempotency_key": key})
        except stripe.IdempotencyError as error:
            equal(error.http_status, 400, "idempotency error status")
            self.note(f"IdempotencyError: {error.user_message}")
        else:
            raise StepFailure("same idempotency key with other params did not raise stripe.IdempotencyError")

    def step_events(self) -> None:
        options = self.acct()
        events = self.rec(self.client.v1.events.list({"type": "payment_intent.succeeded", "limit": 100}, options))
        ids = [ident(e.data["object"]) for e in events.data]
        expect(self.state["payment_intent"] in ids,
               f"no payment_intent.succeeded event for {self.state['payment_intent']} among {ids}")
        event = next(e for e in events.data if ident(e.data["object"]) == self.state["payment_intent"])
        equal(event.account, self.state["account"], "connected-account event carries `account`")
        fetched = self.rec(self.client.v1.events.retrieve(event.id, options=options))
        equal(fetched.type, "payment_intent.succeeded", "retrieved event type")

    def step_webhook_endpoints(self) -> None:
        here = os.path.dirname(os.path.abspath(__file__))
        log = tempfile.NamedTemporaryFile(prefix="webhook-receiver-", suffix=".log", delete=False)
        self.receiver_log = log.name
        self.receiver = subprocess.Popen(
            [sys.executable, "-u", os.path.join(here, "webhook_receiver.py"), "--secret",
             f"whsec_placeholder_{self.run_id}", "--fail-first", str(self.args.webhook_fail_first)],
            stdout=subprocess.PIPE, stderr=log, text=True,
        )
        assert self.receiver.stdout is not None
        line = self.receiver.stdout.readline()
        port = json.loads(line)["port"]
        receiver = f"http://127.0.0.1:{port}"
        self.note(f"webhook receiver on {receiver} (log {log.name})")
        endpoints = {}
        for name, connect in (("platform", False), ("connect", True)):
            params: dict[str, Any] = {
                "url": f"{receiver}/{name}",
                "enabled_events": ["*"],
                "description": f"stripe_flow {name} {self.run_id}",
            }
            if connect:
                params["connect"] = True
            endpoint = self.rec(self.client.v1.webhook_endpoints.create(params))
            expect(endpoint.id.startswith("we_"), f"webhook endpoint id {endpoint.id!r}")
            equal(endpoint.url, params["url"], "webhook_endpoint.url")
            equal(endpoint.status, "enabled", "webhook_endpoint.status")
            equal(list(endpoint.enabled_events), ["*"], "webhook_endpoint.enabled_events")
            secret = endpoint.secret
            expect(isinstance(secret, str) and secret.startswith("whsec_"), f"webhook_endpoint.secret {secret!r}")
            request = urllib.request.Request(f"{receiver}/_secrets", data=json.dumps({"secret": secret}).encode(),
                                             method="POST")
            with urllib.request.urlopen(request, timeout=10) as response:
                equal(response.status, 200, "receiver accepted the secret")
            endpoints[name] = endpoint.id
            fetched = self.rec(self.client.v1.webhook_endpoints.retrieve(endpoint.id))
            expect("secret" not in fetched or fetched["secret"] is None or fetched["secret"] == secret,
                   "retrieved endpoint secret")
        self.state["webhooks"] = {"url": receiver, "endpoints": endpoints}

    def _deliveries(self) -> list[dict[str, Any]]:
        with urllib.request.urlopen(self.state["webhooks"]["url"] + "/deliveries", timeout=10) as response:
            return json.loads(response.read())["deliveries"]

    def step_webhook_deliveries(self) -> None:
        passed = {r["step"] for r in self.results if r["ok"]}
        account = self.state.get("account")
        implied = {
            "account_completed": ["account.updated"],
            "direct_payment": ["payment_intent.succeeded"],
            "refund": ["charge.refunded"],
            "subscription": ["customer.subscription.created"],
            "renewal": ["invoice.payment_succeeded"],
            "dispute": ["charge.dispute.created", "charge.dispute.closed"],
            "payout": ["payout.paid"],
            "declined": ["payment_intent.payment_failed"],
        }
        expected = {("/connect", t) for step, types in implied.items() if step in passed for t in types}
        if "destination_charge" in passed:
            expected.add(("/platform", "payment_intent.succeeded"))
        fail_first = self.args.webhook_fail_first
        deadline = time.monotonic() + self.args.webhook_wait
        while True:
            deliveries = self._deliveries()
            done = {(d["path"], d["type"]) for d in deliveries if d["verified"] and d["status"] == 200}
            missing = sorted(expected - done)
            if not missing or time.monotonic() > deadline:
                break
            time.sleep(1)
        self.note(f"{len(deliveries)} deliveries; expected {len(expected)} (path, type) pairs")
        expect(not missing, f"no 200 delivery within {self.args.webhook_wait}s for {missing}")
        time.sleep(self.args.webhook_settle)  # "then never again"
        deliveries = self._deliveries()
        unverified = [d for d in deliveries if not d["verified"]]
        expect(not unverified, f"{len(unverified)} deliveries failed verification: {unverified[:3]}")
        # Stripe signs with the real time of the attempt (not a test clock's): construct_event's tolerance only
        # rejects old timestamps, so check the other direction too.
        skewed = [d for d in deliveries if abs(d["signature_timestamp"] - d["time"]) > 300]
        expect(not skewed, f"{len(skewed)} deliveries signed with a timestamp >300 s away from the real time: "
               + ", ".join(f"{d['type']} t={d['signature_timestamp']} received {int(d['time'])}" for d in skewed[:3]))
        by_event: dict[tuple[str, str], list[dict[str, Any]]] = collections.defaultdict(list)
        for delivery in deliveries:
            by_event[(delivery["path"], delivery["event"])].append(delivery)
        for (path, event_id), attempts in by_event.items():
            statuses = [d["status"] for d in attempts]
            expected_statuses = [500] * fail_first + [200]
            if statuses[-1:] == [200] or len(statuses) > fail_first:
                equal(statuses, expected_statuses, f"answers to the deliveries of {event_id} on {path}")
            if path == "/connect":
                equal(attempts[0]["account"], account, f"{event_id} ({attempts[0]['type']}) account")
            else:
                equal(attempts[0]["account"], None, f"platform event {event_id} ({attempts[0]['type']}) account")
        # The sandbox's own record of the attempts (sandbox-only helper; endpoints and their attempts belong to
        # the platform, so no Stripe-Account) agrees, for one connect and one platform event.
        for wanted in ("/connect", "/platform"):
            sample = next((e for (p, e), a in by_event.items() if p == wanted and a[-1]["status"] == 200), None)
            if sample is None:
                continue
            response = self.client.raw_request("get", "/v1/test_helpers/webhook_attempts", event=sample)
            listed = self.client.deserialize(response, api_mode="V1")
            endpoint = self.state["webhooks"]["endpoints"][wanted.strip("/")]
            statuses = [a["status"] for a in listed.data if ident(a["event"]) == sample
                        and ident(a["endpoint"]) == endpoint]
            equal(statuses, [500] * fail_first + [200], f"sandbox webhook_attempts of {sample} to {endpoint}")
            options = {"stripe_account": account} if wanted == "/connect" else {}
            event = self.rec(self.client.v1.events.retrieve(sample, options=options))
            equal(event.id, sample, "the delivered event can be retrieved")

    def close(self) -> None:
        receiver = getattr(self, "receiver", None)
        if receiver is not None and receiver.poll() is None:
            receiver.terminate()
            try:
                receiver.wait(timeout=10)
            except subprocess.TimeoutExpired:
                receiver.kill()
                receiver.wait(timeout=10)

    def step_fixture_shapes(self) -> None:
        here = os.path.dirname(os.path.abspath(__file__))
        path = os.path.join(here, "fixture_shapes.py")
        expect(os.path.exists(path), f"fixture_shapes.py not found next to this script ({here})")
        sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
        spec = importlib.util.spec_from_file_location("fixture_shapes", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with open(self.args.fixtures, encoding="utf-8") as handle:
            fixtures = json.load(handle)
        errors = module.check(fixtures, dict(self.objects))
        for line in errors[:60]:
            print(f"    shape: {line}", file=sys.stderr)
        expect(not errors, f"{len(errors)} shape mismatches against the fixtures (first: {errors[:1]})")

    # ----------------------------------------------------------------------------------------------- main

    def main(self) -> int:
        steps: list[tuple[str, list[str], Callable[[], None]]] = [
            ("account", [], self.step_account),
            ("account_link", ["account"], self.step_account_link),
            ("onboarding", ["link"], self.step_onboarding),
            ("onboarding_link_used", ["onboarded"], self.step_onboarding_link_used),
            ("account_completed", ["onboarded"], self.step_account_completed),
            ("customer", ["account"], self.step_customer),
            ("isolation", ["customer"], self.step_isolation),
            ("direct_payment", ["customer", "account_ready"], self.step_direct_payment),
            ("receipt_page", ["receipt_url"], self.step_receipt_page),
            ("publishable_confirm", ["account_ready"], self.step_publishable_confirm),
            ("application_fee", ["charge"], self.step_application_fee),
            ("refund", ["payment_intent"], self.step_refund),
            ("destination_charge", ["account_ready"], self.step_destination_charge),
            ("subscription", ["account_ready"], self.step_subscription),
            ("renewal", ["subscription"], self.step_renewal),
            ("test_clock", ["price"], self.step_test_clock),
            ("balance", ["account_ready"], self.step_balance),
            ("payout", ["available_ron"], self.step_payout),
            ("dispute", ["account_ready"], self.step_dispute),
            ("declined", ["account_ready"], self.step_declined),
            ("idempotency", ["account"], self.step_idempotency),
            ("events", ["payment_intent"], self.step_events),
        ]
        if self.args.webhooks:
            steps.insert(0, ("webhook_endpoints", [], self.step_webhook_endpoints))
            steps.append(("webhook_deliveries", ["webhooks"], self.step_webhook_deliveries))
        try:
            for name, needs, body in steps:
                self.run(name, needs, body)
        finally:
            self.close()
        if any(r["step"].startswith("webhook") and r["ok"] is False for r in self.results):
            log = getattr(self, "receiver_log", None)
            if log and os.path.exists(log):
                with open(log, encoding="utf-8", errors="replace") as handle:
                    tail = handle.readlines()[-30:]
                print("stripe_flow: last lines of the webhook receiver's log:", file=sys.stderr)
                sys.stderr.writelines("    " + line for line in tail)
        try:
            with open(self.args.out, "w", encoding="utf-8") as handle:
                json.dump(self.objects, handle, indent=1, sort_keys=True)
        except OSError as error:
            print(f"stripe_flow: cannot write {self.args.out}: {error}", file=sys.stderr)
            return 1
        if self.args.fixtures:
            self.run("fixture_shapes", [], self.step_fixture_shapes)
        if self.args.report:
            with open(self.args.report, "w", encoding="utf-8") as handle:
                json.dump({"steps": self.results}, handle, indent=1)
        failed = [r for r in self.results if r["ok"] is False]
        passed = [r["step"] for r in self.results if r["ok"]]
        counts = ", ".join(f"{k}×{len(v)}" for k, v in sorted(self.objects.items()))
        print(f"stripe_flow: recorded {sum(len(v) for v in self.objects.values())} objects: {counts}", file=sys.stderr)
        print(f"stripe_flow: {len(passed)} passed: {' '.join(passed)}", file=sys.stderr)
        if failed:
            print(f"stripe_flow: {len(failed)} FAILED:", file=sys.stderr)
            for result in failed:
                print(f"  {result['step']}: {result['error']}", file=sys.stderr)
            return 1
        print("stripe_flow: all steps passed", file=sys.stderr)
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the scripted Stripe Connect flow with the official library.")
    parser.add_argument("--base", required=True, help="API base URL, e.g. http://127.0.0.1:12111")
    parser.add_argument("--key", required=True, help="secret key")
    parser.add_argument("--publishable", required=True, help="publishable key")
    parser.add_argument("--fixtures", help="fixtures JSON; when given, the recorded objects are shape-checked")
    parser.add_argument("--out", required=True, help="where to write the recorded objects")
    parser.add_argument("--report", help="where to write the step results as JSON")
    parser.add_argument("--skip", default="", help="comma-separated steps to skip (e.g. test_clock)")
    parser.add_argument("--webhooks", action="store_true", help="also check webhook deliveries (see above)")
    parser.add_argument("--webhook-fail-first", type=int, default=2, help="receiver answers 500 N times per event")
    parser.add_argument("--webhook-wait", type=float, default=120, help="seconds to wait for the deliveries")
    parser.add_argument("--webhook-settle", type=float, default=3, help="seconds to wait for stray redeliveries")
    args = parser.parse_args(argv)
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    print(f"stripe_flow: stripe {stripe.VERSION}, Stripe-Version {stripe.api_version}, base {args.base}",
          file=sys.stderr)
    return Flow(args).main()


if __name__ == "__main__":
    sys.exit(main())
