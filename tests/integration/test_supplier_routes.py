"""The import file's optional ``supplier`` (schema version 1) and the routes it gives the checkout: which offers an
outside supplier sells, under which item and options (docs/catalog.md, "Suppliers" and "Live orders")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bangwo.adapters.catalog import imported, supply
from bangwo.adapters.db import supply_store
from bangwo.adapters.suppliers.http import HttpSupplier
from bangwo.adapters.suppliers.routes import ImportedSupplierRoutes
from bangwo.domain import policies
from bangwo.domain.domains import Domain
from bangwo.domain.errors import InvalidRequestError
from bangwo.domain.offers import Offer, OfferLine, StockClaim
from bangwo.services.ports import SupplierUnavailableError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "catalog"


def example(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return loaded


def test_the_live_tea_shop_names_its_supplier_in_schema_version_1() -> None:
    document = example("teashop-live.json")
    schema = json.loads((ROOT / "docs" / "catalog.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    assert supply.parse(json.dumps(document)).shops[0].supplier == "shancha"
    assert supply.parse(json.dumps(example("teashop.json"))).shops[0].supplier is None
    document["shops"][0]["supplier"] = "Shan Cha!"
    with pytest.raises(InvalidRequestError, match=r"\$\.shops\[0\]\.supplier"):
        supply.parse(json.dumps(document))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_the_stored_form_leaves_an_absent_supplier_out_and_keeps_a_named_one() -> None:
    plain = supply.parse(json.dumps(example("teashop.json"))).shops[0]
    live = supply.parse(json.dumps(example("teashop-live.json"))).shops[0]
    plain_payload, plain_digest = supply_store.canonical(plain)
    live_payload, live_digest = supply_store.canonical(live)
    assert "supplier" not in plain_payload and live_payload["supplier"] == "shancha"
    assert plain_digest != live_digest
    assert supply.Shop.model_validate(live_payload, strict=False) == live


def _tea_offer(merchant: str, *, options: dict[str, Any]) -> Offer:
    return Offer(domain=Domain.TAKEOUT, merchant_id=merchant, merchant_name="山茶小筑", title="山茶小筑·桂花乌龙奶茶",
                 lines=(OfferLine("桂花乌龙奶茶", 2, 1700, options),), policy=policies.for_domain(Domain.TAKEOUT),
                 fees_fen=300, stock=(StockClaim("takeout:shancha-osmanthus-oolong:2026-02-06", 2, 50),))


def test_routes_name_the_supplier_item_and_options_of_a_supplied_merchant_only() -> None:
    records = supply.parse(json.dumps(example("teashop-live.json")))
    stored = imported.Supply.of(records.shops)
    shancha = HttpSupplier("shancha", "http://127.0.0.1:9", "key")   # never called: routing is local
    try:
        routes = ImportedSupplierRoutes(stored, {"shancha": shancha})
        route = routes.route(_tea_offer("shancha-wensan", options={"size": "large", "sugar": "less"}))
        assert route is not None
        assert (route.supplier.name, route.item, route.quantity, dict(route.options)) == (
            "shancha", "shancha-osmanthus-oolong", 2, {"size": "large", "sugar": "less"})
        assert routes.route(_tea_offer("some-generated-shop", options={})) is None
        assert routes.supplier("shancha") is shancha and routes.supplier("other") is None
        unconfigured = ImportedSupplierRoutes(stored, {})              # named in the file, not set up here
        with pytest.raises(SupplierUnavailableError, match="not configured"):
            unconfigured.route(_tea_offer("shancha-wensan", options={}))
        plain = ImportedSupplierRoutes(imported.Supply.of(supply.parse(json.dumps(example("teashop.json"))).shops),
                                       {"shancha": shancha})
        assert plain.route(_tea_offer("shancha-wensan", options={})) is None
    finally:
        shancha.close()
