"""Imported supply on SQLite and PostgreSQL: validation with JSON paths, idempotent and transactional import,
export round trip, and imported records served by the catalog exactly like generated ones."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sqlalchemy import Engine, func, select

from bangwo.adapters.catalog import catalog, generator, imported, supply
from bangwo.adapters.db import supply_store, tables
from bangwo.domain.domains import Domain
from bangwo.domain.errors import InvalidRequestError
from bangwo.domain.listings import Address, GeoPoint, QuoteRequest, SearchQuery
from tests import builders

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "catalog"
NEAR_SHOP = Address("文三路478号", "杭州", GeoPoint(30.2799, 120.1376))


def example(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return loaded


def parsed(document: dict[str, Any]) -> supply.SupplyDocument:
    return supply.parse(json.dumps(document, ensure_ascii=False))


def do_import(engine: Engine, document: dict[str, Any], *, minutes: int = 0) -> supply_store.ImportReport:
    return supply_store.import_document(engine, parsed(document), at=builders.NOW + timedelta(minutes=minutes),
                                        generated=generator.generate(generator.DEFAULT_SEED))


def served(engine: Engine) -> catalog.InMemoryCatalog:
    return catalog.InMemoryCatalog(imported.merge(generator.generate(generator.DEFAULT_SEED),
                                                  supply_store.load(engine)))


def problems_of(document: Any) -> str:
    with pytest.raises(InvalidRequestError) as caught:
        supply.parse(document if isinstance(document, str) else json.dumps(document, ensure_ascii=False))
    return caught.value.message


# ---- schema errors name the JSON path ---------------------------------------------------------------------


@pytest.mark.parametrize(("change", "path", "words"), [
    (lambda d: d["shops"][0]["menu"][0].update(price_fen=12.5), "$.shops[0].menu[0].price_fen", "integer"),
    (lambda d: d["shops"][0]["menu"][0].update(price_fen="1400"), "$.shops[0].menu[0].price_fen", "integer"),
    (lambda d: d["shops"][0]["menu"][0].update(daily_stock=-1), "$.shops[0].menu[0].daily_stock", "greater"),
    (lambda d: d["shops"][0]["location"].pop("lat"), "$.shops[0].location.lat", "required"),
    (lambda d: d["shops"][0]["hours"].update(opens="9点"), "$.shops[0].hours.opens", "pattern"),
    (lambda d: d["shops"][0].update(colour="red"), "$.shops[0].colour", "not permitted"),
    (lambda d: d["shops"][0].update(id="has:colon"), "$.shops[0].id", "pattern"),
    (lambda d: d["shops"][0].update(refund_policy="never"), "$.shops[0].refund_policy", "takeout"),
    (lambda d: d["shops"][0]["menu"][0]["option_groups"][1].update(name="sweetness"),
     "$.shops[0].menu[0].option_groups[1].name", "sugar"),
    (lambda d: d["shops"][0]["menu"][0]["option_groups"][1].update(default="extra"),
     "$.shops[0].menu[0].option_groups[1]", "'extra' is not one of the choices"),
    (lambda d: d["shops"][0]["menu"][1].update(id="shancha-osmanthus-oolong"), "$",
     "shops[0].menu[1].id 'shancha-osmanthus-oolong' is already used by shops[0].menu[0]"),
])
def test_a_bad_field_is_named_by_its_json_path(change: Any, path: str, words: str) -> None:
    document = example("teashop.json")
    change(document)
    message = problems_of(document)
    assert f"{path}:" in message and words in message, message


def test_cinema_showtimes_must_play_in_its_halls_with_an_offset() -> None:
    document = example("cinema.json")
    document["cinemas"][0]["showtimes"][0]["hall"] = "h9"
    assert "showtimes[0].hall 'h9' is not one of this cinema's halls" in problems_of(document)
    document = example("cinema.json")
    document["cinemas"][0]["showtimes"][1]["starts_at"] = "2026-02-06T21:40:00"
    assert "$.cinemas[0].showtimes[1]" in problems_of(document)


def test_version_and_syntax_errors_are_plain_sentences() -> None:
    assert "$.schema_version: 2 is not supported" in problems_of({**example("teashop.json"), "schema_version": 2})
    assert "$.schema_version: None is not supported" in problems_of({"shops": []})
    assert "$: not valid JSON" in problems_of('{"schema_version": 1, ')
    assert "$: the document must be a JSON object" in problems_of("[1, 2]")


def test_the_published_json_schema_is_current_and_accepts_the_examples() -> None:
    published = json.loads((ROOT / "docs" / "catalog.schema.json").read_text(encoding="utf-8"))
    assert published == supply.json_schema(), "run `bangwo catalog schema --out docs/catalog.schema.json`"
    validator = jsonschema.Draft202012Validator(published)
    for name in ("teashop.json", "cinema.json", "city-supply.json"):
        assert list(validator.iter_errors(example(name))) == []
    bad = example("teashop.json")
    bad["shops"][0]["menu"][0]["price_fen"] = -1
    assert [list(e.absolute_path) for e in validator.iter_errors(bad)] == [["shops", 0, "menu", 0, "price_fen"]]


# ---- import into the database -------------------------------------------------------------------------------


def stored(engine: Engine) -> list[tuple[str, str, str, Any]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(tables.supply_entries.c.kind, tables.supply_entries.c.id,
                                                      tables.supply_entries.c.digest,
                                                      tables.supply_entries.c.updated_at)
                                               .order_by(tables.supply_entries.c.kind, tables.supply_entries.c.id))]


def test_reimport_is_idempotent_and_a_changed_file_updates(engine: Engine) -> None:
    first = do_import(engine, example("teashop.json"))
    assert first.to_json()["added"] == {"shop": ["shancha-wensan"]}
    before = stored(engine)
    again = do_import(engine, example("teashop.json"), minutes=5)
    assert not again.changed and again.unchanged == {"shop": 1}
    assert stored(engine) == before                           # not even the timestamp moved

    changed = example("teashop.json")
    changed["shops"][0]["menu"][0]["price_fen"] = 1600
    changed["shops"][0]["menu"].pop(1)                       # the lemon tea is withdrawn with its shop's record
    report = do_import(engine, changed, minutes=10)
    assert report.updated == {"shop": ["shancha-wensan"]} and not report.added
    (row,) = stored(engine)
    assert row[2] != before[0][2] and row[3] == builders.NOW + timedelta(minutes=10)
    menu = served(engine)
    offer = menu.quote(QuoteRequest(Domain.TAKEOUT, "item:shancha-osmanthus-oolong", 1, {"sugar": "less"},
                                    address=NEAR_SHOP), now=builders.NOW)
    assert offer.lines[0].unit_price_fen == 1600 and offer.fees_fen == 300
    found = menu.search(SearchQuery(Domain.TAKEOUT, text="茉莉柠檬茶", city="杭州", near=NEAR_SHOP.point),
                        now=builders.NOW)
    assert all(listing.merchant_id != "shancha-wensan" for listing in found)


def test_an_import_with_one_bad_record_stores_nothing(engine: Engine) -> None:
    document = {**example("city-supply.json"), **example("teashop.json")}
    document["shops"][0]["menu"][1]["id"] = generator.generate(generator.DEFAULT_SEED).items[0].id
    with pytest.raises(InvalidRequestError) as caught:
        do_import(engine, document)
    assert "$.shops[0].menu[1].id:" in caught.value.message and "generated catalog" in caught.value.message
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(tables.supply_entries)).scalar_one() == 0


def test_a_showtime_of_an_unknown_film_is_refused(engine: Engine) -> None:
    document = example("cinema.json")
    document.pop("movies")
    with pytest.raises(InvalidRequestError) as caught:
        do_import(engine, document)
    assert "$.cinemas[0].showtimes[0].movie: 'shanhai-2026' is not a known film" in caught.value.message
    do_import(engine, example("cinema.json"))                 # the film comes with it: fine, and kept
    assert do_import(engine, document).unchanged == {"cinema": 1}


def test_export_then_import_elsewhere_round_trips(engine: Engine, tmp_path: Path) -> None:
    from bangwo.adapters.db import migrating
    from bangwo.adapters.db.engine import make_engine

    for name in ("teashop.json", "cinema.json", "city-supply.json"):
        do_import(engine, example(name))
    exported = supply_store.export_document(engine)
    assert parsed(exported) == supply.SupplyDocument.model_validate(
        {**example("teashop.json"), **example("cinema.json"), **example("city-supply.json")}, strict=False)
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}", pool_size=2)
    try:
        migrating.upgrade(other)
        do_import(other, exported)
        assert supply_store.export_document(other) == exported
    finally:
        other.dispose()


# ---- served like the generated world -------------------------------------------------------------------------


def test_imported_records_are_searched_and_quoted_like_generated_ones(engine: Engine) -> None:
    for name in ("teashop.json", "cinema.json", "city-supply.json"):
        do_import(engine, example(name))
    menu = served(engine)
    world = catalog.InMemoryCatalog(generator.generate(generator.DEFAULT_SEED))
    words = menu.vocabulary()
    assert "桂花乌龙奶茶" in words["items"] and "光影小剧场(西溪店)" in words["cinemas"]
    assert "山海之约" in words["movies"] and "钱塘小院民宿" in words["hotels"]

    shows = menu.search(SearchQuery(Domain.MOVIE, text="山海之约", city="杭州"), now=builders.NOW)
    assert [s.ref for s in shows] == ["show:guangying-xixi:h1:2026-02-06:1930", "show:guangying-xixi:h2:2026-02-06:2140"]
    offer = menu.quote(QuoteRequest(Domain.MOVIE, shows[0].ref, 2, {}), now=builders.NOW)
    assert offer.total_fen == 8400 and offer.policy.code == "movie"
    assert offer.details["seats"] == ["5排5座", "5排6座"]
    assert [c.key for c in offer.stock] == ["seats:show:guangying-xixi:h1:2026-02-06:1930"]
    assert menu.seat_map(shows[0].ref).capacity == 80
    # an imported film plays only where an import lists it: the generated timetables are untouched
    for cinema in world.data.cinemas[:3]:
        hall = cinema.halls[0]
        assert [s.ref for s in menu.search(SearchQuery(Domain.MOVIE, city=cinema.city, filters={
            "cinema": cinema.name}, limit=200), now=builders.NOW) if s.attrs["hall"] == hall.id] == \
            [s.ref for s in world.search(SearchQuery(Domain.MOVIE, city=cinema.city, filters={
                "cinema": cinema.name}, limit=200), now=builders.NOW) if s.attrs["hall"] == hall.id]

    train = menu.quote(QuoteRequest(Domain.TRAIN, "dep:G7777:2026-02-09", 1, {"seat_class": "second"}),
                       now=builders.NOW)
    assert train.total_fen == 7300
    room = menu.search(SearchQuery(Domain.HOTEL, text="钱塘小院民宿", city="杭州",
                                   filters={"check_in": "2026-02-09", "nights": 1}), now=builders.NOW)
    assert room and room[0].merchant_id == "qiantang-inn"
    tickets = menu.search(SearchQuery(Domain.ATTRACTION, text="龙井茶园徒步", city="杭州"), now=builders.NOW)
    assert {t.price_fen for t in tickets} == {6800, 3400}
