"""`bangwo catalog import|export|schema`: the operator's own supply as versioned JSON (docs/catalog.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from bangwo.cli_common import JsonOpt, NowOpt, emit_json, make_clock

OutOpt = Annotated[Path | None, typer.Option("--out", help="Write to this file instead of standard output.")]


def register(catalog_app: typer.Typer) -> None:
    """Add ``import``, ``export`` and ``schema`` to the ``catalog`` sub-app."""

    @catalog_app.command("import")
    def catalog_import(
        file: Annotated[Path, typer.Argument(help="A catalog file of schema version 1 (docs/catalog.md).")],
        as_json: JsonOpt = False, now: NowOpt = None,
    ) -> None:
        """Import merchants, menus, cinemas, showtimes, schedules, hotels and sights; re-importing is safe."""
        from bangwo.domain.errors import InvalidRequestError

        try:
            text = file.read_bytes()
        except OSError as exc:
            raise InvalidRequestError(f"cannot read {file}: {exc.strerror}",
                                      user_message=f"读不到文件 {file}") from None
        from bangwo import bootstrap as boot
        from bangwo.config import Settings

        report = boot.import_supply_file(Settings(), text, clock=make_clock(now)).to_json()
        if as_json:
            emit_json(report)
            return
        if not report["changed"]:
            typer.echo(f"{file}: nothing changed ({_counts(report['unchanged'])} already as in the file)")
            return
        for verb in ("added", "updated"):
            for kind, ids in report[verb].items():
                typer.echo(f"{verb} {len(ids)} {kind}: {', '.join(ids)}")
        if report["unchanged"]:
            typer.echo(f"unchanged: {_counts(report['unchanged'])}")

    @catalog_app.command("export")
    def catalog_export(out: OutOpt = None) -> None:
        """Write every imported record as one import file (schema_version 1)."""
        from bangwo import bootstrap as boot
        from bangwo.config import Settings

        document = boot.export_supply_file(Settings())
        _write(json.dumps(document, ensure_ascii=False, indent=2) + "\n", out)

    @catalog_app.command("schema")
    def catalog_schema(out: OutOpt = None) -> None:
        """Print the JSON Schema of the import file (docs/catalog.schema.json)."""
        from bangwo.adapters.catalog import supply

        _write(json.dumps(supply.json_schema(), ensure_ascii=False, indent=2) + "\n", out)


def _counts(by_kind: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in sorted(by_kind.items())) or "0 records"


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
