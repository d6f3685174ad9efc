#!/usr/bin/env python3
"""Checks that Stripe objects have the shapes of Stripe's own example objects (the fixtures).

    fixture_shapes.py --fixtures stripe-fixtures.json --objects objects.json [--strict-nested]
    fixture_shapes.py --fixtures stripe-fixtures.json --self-test

`--fixtures` is `{"resources": {"<object type>": example}}` (the shape of `fixtures3.json`); `--objects` is
`{"<object type>": [object, ...]}` (what `stripe_flow.py --out` writes). For every object whose type has a
fixture:

- its top-level keys are exactly the fixture's (missing and extra keys are both reported);
- for every key where both values are non-null, the JSON kind matches (bool / int / float — an int is accepted
  where the fixture has a float / string / list / object), recursing into nested objects and into the items of
  lists;
- an expandable field may be a string id where the fixture has an object with an `id` (or only `id`/`object`),
  and an expanded object (with an `id`) where the fixture has a string; an expanded object is checked against
  the fixture of its own `object` type when there is one;
- a nested object whose `object` differs from the fixture's (polymorphic fields such as `event.data.object` or
  `charge.source`) is checked against the fixture of its own type, or not at all when there is none;
- `metadata` and an empty fixture object (`{}`: `fraud_details`, …) are free-form maps: only its kind is checked;
- a few keys Stripe's spec marks optional, absent from the examples, are allowed (`OPTIONAL_KEYS`: an event's
  `account` and `context`, a created webhook endpoint's `secret`).

Nested objects are compared by kind only; their missing/extra keys are warnings, errors with `--strict-nested`.
Objects of types without a fixture are listed as unchecked. Exit status: 0 when everything matches, 1 on any
mismatch, 2 on a usage or input error.

As a module: `check(fixtures, objects, strict_nested=False) -> list[str]` returns the mismatches (empty = ok);
`fixtures` may be the whole file (`{"resources": …}`) or the inner mapping.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Callable

_STUB_KEYS = {"id", "object"}

# Keys Stripe's OpenAPI spec declares as optional (outside `required`), which its example objects — the fixtures —
# therefore omit, but which Stripe sends when they apply: a Connect event carries `account` (the issue requires
# it). They are allowed as extra top-level keys and kind-checked against `str`.
OPTIONAL_KEYS: dict[str, dict[str, str]] = {
    "event": {"account": "string", "context": "string"},
    "webhook_endpoint": {"secret": "string"},  # returned by create only
}


def kind(value: Any) -> str:
    """The JSON kind of a decoded value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _kinds_match(expected: str, actual: str) -> bool:
    return expected == actual or (expected == "float" and actual == "int")


class _Checker:
    def __init__(self, resources: dict[str, Any], strict_nested: bool) -> None:
        self.resources = resources
        self.strict_nested = strict_nested
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self._depth = 0

    def top_level(self, type_name: str, obj: Any, label: str) -> None:
        fixture = self.resources[type_name]
        if not isinstance(obj, dict):
            self.errors.append(f"{label}: expected an object, got {kind(obj)}")
            return
        optional = OPTIONAL_KEYS.get(type_name, {})
        missing = [k for k in fixture if k not in obj]
        extra = [k for k in obj if k not in fixture and k not in optional]
        for key, expected_kind in optional.items():
            if key not in fixture and obj.get(key) is not None and kind(obj[key]) != expected_kind:
                self.errors.append(f"{label}.{key}: kind {kind(obj[key])}, expected {expected_kind} (optional key)")
        if missing:
            self.errors.append(f"{label}: missing keys {missing}")
        if extra:
            self.errors.append(f"{label}: extra keys {extra}")
        self.compare_fields(fixture, obj, label, type_name)

    def compare_fields(self, fixture: dict[str, Any], obj: dict[str, Any], path: str, type_name: str) -> None:
        for key, expected in fixture.items():
            if key not in obj:
                continue
            if key == "metadata" and isinstance(expected, dict) and isinstance(obj[key], dict):
                continue  # free-form (the fixtures' example keys such as order_id are not required)
            self.compare(expected, obj[key], f"{path}.{key}", type_name)

    def compare(self, expected: Any, actual: Any, path: str, type_name: str) -> None:
        if expected is None or actual is None:
            return
        ek, ak = kind(expected), kind(actual)
        # Expandable fields: id string <-> object with an id.
        if ek == "object" and ak == "string":
            if "id" in expected or "object" in expected:
                return
            self.errors.append(f"{path}: kind {ak}, fixture has {ek}")
            return
        if ek == "string" and ak == "object":
            if isinstance(actual.get("id"), str):
                self.expanded(actual, path)
                return
            self.errors.append(f"{path}: kind {ak}, fixture has {ek}")
            return
        if not _kinds_match(ek, ak):
            self.errors.append(f"{path}: kind {ak} ({_short(actual)}), fixture has {ek} ({_short(expected)})")
            return
        if ek == "object":
            self.nested(expected, actual, path, type_name)
        elif ek == "list":
            self.items(expected, actual, path, type_name)

    def expanded(self, actual: dict[str, Any], path: str) -> None:
        """An expanded object: check it against the fixture of its own type, when there is one."""
        if set(actual) <= _STUB_KEYS:
            return  # an {id, object} reference, as the fixtures themselves write unexpanded fields
        own = actual.get("object")
        if isinstance(own, str) and own in self.resources and self._depth < 8:
            self._depth += 1
            try:
                self.top_level(own, actual, f"{path}<{own}>")
            finally:
                self._depth -= 1

    def nested(self, expected: dict[str, Any], actual: dict[str, Any], path: str, type_name: str) -> None:
        if not expected:
            return  # free-form map
        exp_type, act_type = expected.get("object"), actual.get("object")
        if isinstance(act_type, str) and act_type != exp_type:
            # Polymorphic field or an expandable stub in the fixture: check against the object's own fixture.
            self.expanded(actual, path)
            return
        if set(expected) <= _STUB_KEYS and "id" in expected and isinstance(actual.get("id"), str):
            self.expanded(actual, path)
            return
        missing = [k for k in expected if k not in actual]
        extra = [k for k in actual if k not in expected]
        target = self.errors if self.strict_nested else self.warnings
        if missing:
            target.append(f"{path}: nested object misses keys {missing}")
        if extra:
            target.append(f"{path}: nested object has extra keys {extra}")
        self.compare_fields(expected, actual, path, type_name)

    def items(self, expected: list[Any], actual: list[Any], path: str, type_name: str) -> None:
        if not expected:
            return
        model = expected[0]
        mk = kind(model)
        for index, item in enumerate(actual):
            item_path = f"{path}[{index}]"
            if item is None or model is None:
                continue
            ik = kind(item)
            if mk == "object" and ik == "object":
                own = item.get("object")
                if isinstance(own, str) and own != model.get("object"):
                    self.expanded(item, item_path)  # a list of a different kind of object
                    continue
                self.nested(model, item, item_path, type_name)
            else:
                self.compare(model, item, item_path, type_name)


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _resources(fixtures: dict[str, Any]) -> dict[str, Any]:
    inner = fixtures.get("resources")
    return inner if isinstance(inner, dict) else fixtures


def check_with_warnings(
    fixtures: dict[str, Any], objects: dict[str, list[Any]], strict_nested: bool = False
) -> tuple[list[str], list[str], list[str]]:
    """Returns (errors, warnings, unchecked types)."""
    resources = _resources(fixtures)
    checker = _Checker(resources, strict_nested)
    unchecked: list[str] = []
    for type_name, items in objects.items():
        if type_name not in resources:
            unchecked.append(type_name)
            continue
        if not isinstance(items, list):
            checker.errors.append(f"{type_name}: expected a list of objects, got {kind(items)}")
            continue
        for index, obj in enumerate(items):
            ident = obj.get("id") if isinstance(obj, dict) else None
            label = f"{type_name}[{index}]" + (f"({ident})" if isinstance(ident, str) else "")
            expected_object = resources[type_name].get("object") if isinstance(resources[type_name], dict) else None
            if isinstance(obj, dict) and obj.get("object") != expected_object:
                checker.errors.append(
                    f"{label}: object is {obj.get('object')!r}, the {type_name!r} fixture has {expected_object!r}"
                )
            checker.top_level(type_name, obj, label)
    return checker.errors, checker.warnings, unchecked


def check(fixtures: dict[str, Any], objects: dict[str, list[Any]], strict_nested: bool = False) -> list[str]:
    """The mismatches between `objects` ({type: [obj…]}) and `fixtures`; empty when every shape matches."""
    return check_with_warnings(fixtures, objects, strict_nested)[0]


def self_test(fixtures: dict[str, Any]) -> list[str]:
    """The fixtures must match themselves, and deliberately broken copies must be caught; returns failures."""
    import copy

    resources = _resources(fixtures)
    failures: list[str] = []
    errors = check(fixtures, {t: [v] for t, v in resources.items()})
    if errors:
        failures.append(f"the fixtures do not match themselves: {errors[:5]}")
    # One mutation per kind of mismatch, on the first fixture type where it applies.
    def drop_key(obj: dict[str, Any]) -> str | None:
        key = next((k for k in obj if k not in ("id", "object")), None)
        if key is None:
            return None
        del obj[key]
        return f"missing keys ['{key}']"

    def add_key(obj: dict[str, Any]) -> str | None:
        obj["not_a_stripe_field"] = 1
        return "extra keys ['not_a_stripe_field']"

    def int_to_string(obj: dict[str, Any]) -> str | None:
        key = next((k for k, v in obj.items() if kind(v) == "int"), None)
        if key is None:
            return None
        obj[key] = str(obj[key])
        return f".{key}: kind string"

    def bool_to_int(obj: dict[str, Any]) -> str | None:
        key = next((k for k, v in obj.items() if kind(v) == "bool"), None)
        if key is None:
            return None
        obj[key] = 1
        return f".{key}: kind int"

    def nested_string_to_int(obj: dict[str, Any]) -> str | None:
        for key, value in obj.items():
            if isinstance(value, dict) and key != "metadata":
                inner = next((k for k, v in value.items() if kind(v) == "string" and k != "id"), None)
                if inner is not None:
                    value[inner] = 7
                    return f".{key}.{inner}: kind int"
        return None

    def list_item_kind(obj: dict[str, Any]) -> str | None:
        for key, value in obj.items():
            if isinstance(value, dict) and isinstance(value.get("data"), list) and value["data"]:
                item = value["data"][0]
                if isinstance(item, dict):
                    inner = next((k for k, v in item.items() if kind(v) == "int"), None)
                    if inner is not None:
                        item[inner] = [item[inner]]
                        return f".{key}.data[0].{inner}: kind list"
        return None

    mutations: list[tuple[str, Callable[[dict[str, Any]], str | None]]] = [
        ("drop a key", drop_key),
        ("add a key", add_key),
        ("int → string", int_to_string),
        ("bool → int", bool_to_int),
        ("nested string → int", nested_string_to_int),
        ("list item int → list", list_item_kind),
    ]
    for name, mutate in mutations:
        applied = False
        for type_name in sorted(resources):
            broken = copy.deepcopy(resources[type_name])
            if not isinstance(broken, dict):
                continue
            needle = mutate(broken)
            if needle is None:
                continue
            applied = True
            errors = check(fixtures, {type_name: [broken]})
            if not any(needle in e for e in errors):
                failures.append(f"{name} on {type_name} not caught (wanted {needle!r}, got {errors})")
            else:
                print(f"fixture_shapes self-test: {name} on {type_name} caught: {errors[0]}", file=sys.stderr)
            break
        if not applied:
            failures.append(f"{name}: no fixture to apply it to")
    # Expandable fields: an expanded object is accepted for an id and checked against its own type's fixture;
    # an id is accepted for an {id, object} reference.
    if "charge" in resources and "balance_transaction" in resources:
        charge = copy.deepcopy(resources["charge"])
        charge["balance_transaction"] = copy.deepcopy(resources["balance_transaction"])
        if isinstance(charge.get("transfer_data"), dict):
            charge["transfer_data"]["destination"] = "acct_1SelfTest"
        errors = check(fixtures, {"charge": [charge]})
        if errors:
            failures.append(f"an expanded balance_transaction / an id destination were refused: {errors}")
        del charge["balance_transaction"]["fee"]
        errors = check(fixtures, {"charge": [charge]})
        if not any("balance_transaction<balance_transaction>: missing keys ['fee']" in e for e in errors):
            failures.append(f"a broken expanded balance_transaction was not caught: {errors}")
        else:
            print(f"fixture_shapes self-test: broken expansion caught: {errors[0]}", file=sys.stderr)
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check Stripe objects against the fixtures' shapes.")
    parser.add_argument("--fixtures", required=True, help='{"resources": {type: example}} JSON file')
    parser.add_argument("--objects", help="{type: [objects]} JSON file")
    parser.add_argument("--self-test", action="store_true", help="check the checker on the fixtures themselves")
    parser.add_argument("--strict-nested", action="store_true", help="nested missing/extra keys are errors")
    parser.add_argument("--quiet-warnings", action="store_true", help="do not print nested-key warnings")
    args = parser.parse_args(argv)
    if not args.self_test and not args.objects:
        parser.error("--objects is required (or --self-test)")
    try:
        with open(args.fixtures, encoding="utf-8") as handle:
            fixtures = json.load(handle)
        if args.self_test:
            failures = self_test(fixtures)
            for line in failures:
                print(f"fixture_shapes self-test: FAILED: {line}", file=sys.stderr)
            if not failures:
                print("fixture_shapes self-test: OK (fixtures match themselves; every mutation caught)",
                      file=sys.stderr)
            return 1 if failures else 0
        with open(args.objects, encoding="utf-8") as handle:
            objects = json.load(handle)
    except (OSError, ValueError) as error:
        print(f"fixture_shapes: cannot read input: {error}", file=sys.stderr)
        return 2
    if not isinstance(fixtures, dict) or not isinstance(objects, dict):
        print("fixture_shapes: both files must hold a JSON object", file=sys.stderr)
        return 2

    errors, warnings, unchecked = check_with_warnings(fixtures, objects, args.strict_nested)
    resources = _resources(fixtures)
    checked = {t: len(v) for t, v in objects.items() if t in resources and isinstance(v, list)}
    summary = ", ".join(f"{t}×{n}" for t, n in sorted(checked.items())) if len(checked) <= 40 else "…"
    print(f"fixture_shapes: checked {sum(checked.values())} objects of {len(checked)} types: {summary}",
          file=sys.stderr)
    if unchecked:
        names = ", ".join(sorted(unchecked)) if len(unchecked) <= 40 else f"{len(unchecked)} types"
        print(f"fixture_shapes: no fixture for (unchecked): {names}", file=sys.stderr)
    if warnings and not args.quiet_warnings:
        print(f"fixture_shapes: {len(warnings)} nested-key warnings:", file=sys.stderr)
        for line in warnings:
            print(f"  warning: {line}", file=sys.stderr)
    if errors:
        print(f"fixture_shapes: {len(errors)} MISMATCHES:", file=sys.stderr)
        for line in errors:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("fixture_shapes: OK, every checked object has the fixture's shape", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
