"""Which offers an outside supplier sells: the merchants an import file gives a ``supplier`` (docs/catalog.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bangwo.adapters.catalog import imported
from bangwo.adapters.catalog import supply as s
from bangwo.domain.domains import Domain
from bangwo.domain.offers import Offer
from bangwo.services.ports import Supplier, SupplierUnavailableError, SupplyRoute


class ImportedSupplierRoutes:
    """The SupplierRoutes port over the imported supply as loaded with the catalog (an import reloads both:
    bootstrap.reload_catalog rebuilds the conversation that holds this). No database read per offer, so
    nothing here touches a connection inside a chat turn's transaction."""

    def __init__(self, supply: imported.Supply, suppliers: Mapping[str, Supplier]) -> None:
        self._supply = supply
        self._suppliers = dict(suppliers)

    def supplier(self, name: str) -> Supplier | None:
        return self._suppliers.get(name)

    def route(self, offer: Offer) -> SupplyRoute | None:
        supply = self._supply
        merchants: tuple[s.Shop | s.Cinema | s.Hotel | s.Sight, ...] = (*supply.shops, *supply.cinemas,
                                                                         *supply.hotels, *supply.sights)
        merchant = next((x for x in merchants if x.id == offer.merchant_id), None)
        if merchant is None or merchant.supplier is None:
            return None
        supplier = self._suppliers.get(merchant.supplier)
        if supplier is None:      # sold only live, and this server cannot reach that supplier: sell nothing
            raise SupplierUnavailableError(f"merchant {merchant.id} is sold by supplier {merchant.supplier!r}, "
                                           "which is not configured here (BANGWO_SUPPLIER_NAME / _URL)")
        line = offer.lines[0]
        if offer.domain is Domain.TAKEOUT:
            shop = next(x for x in supply.shops if x.id == merchant.id)
            item = next((i.id for i in shop.menu if i.name == line.title), None)
            if item is None:
                raise SupplierUnavailableError(f"shop {shop.id} has no menu item named {line.title!r}")
            return SupplyRoute(supplier, item, line.quantity, dict(line.options))
        # a showing's seats, a room on some nights, a ticket on a day: the stock the offer claims names the item
        claim = offer.stock[0] if offer.stock else None
        options: dict[str, Any] = {"lines": [[x.title, x.quantity] for x in offer.lines]}
        if offer.seats:
            options["seats"] = list(offer.seats)
        if len(offer.stock) > 1:
            options["stock"] = [x.key for x in offer.stock]
        return SupplyRoute(supplier, claim.key if claim else f"{merchant.id}:{offer.title}",
                           claim.quantity if claim else line.quantity, options)
