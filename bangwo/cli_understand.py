"""CLI commands of the understanding engine: understand, eval understand, bench understand."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo

import typer

if TYPE_CHECKING:
    from bangwo.domain.frames import ProfileDefaults
    from bangwo.understanding import evaluation
    from bangwo.understanding.parse import Engine

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_DEV_SET = Path("tests/data/understand_dev.jsonl")
ProfileLoader = Callable[[str], "ProfileDefaults | None"]


def parse_now(value: str | None) -> datetime:
    """Parse ``--now`` (ISO-8601; a naive time is taken as Asia/Shanghai) and convert it to Asia/Shanghai, so
    one instant gives one 明天 whatever offset it was written with; raise typer.BadParameter."""
    if value is None:
        return datetime.now(SHANGHAI)
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"--now must be an ISO-8601 date-time such as 2026-02-06T12:00:00+08:00, "
                                 f"got {value!r}") from None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)).astimezone(SHANGHAI)


def _fail(message: str, *, as_json: bool = False) -> None:
    if as_json:
        typer.echo(json.dumps({"error": {"code": "usage", "message": message, "detail": "usage error"}},
                              ensure_ascii=False))
    else:
        typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)



SplitOpt = Annotated[str | None, typer.Option("--split", help="Only items of this split (val, test).")]
KindOpt = Annotated[list[str] | None, typer.Option("--kind", help="Only items of this kind (repeatable).")]
PublicFailuresOpt = Annotated[int, typer.Option("--failures", min=0, help="List this many misses (read them on val only).")]
PublicJsonOpt = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]


def _print_tables(report: dict[str, Any], titles: tuple[str, ...]) -> None:
    for title in titles:
        for name, row in report[title].items():
            typer.echo(f"  {name:16s} {row['items']:5d}  {100 * row['accuracy']:5.1f} %")


def _build_engine() -> Engine:
    from bangwo.understanding.parse import build_engine

    return build_engine()


def register(app: typer.Typer, *, bench_app: typer.Typer | None = None, eval_app: typer.Typer | None = None,
             train_app: typer.Typer | None = None, profile_loader: ProfileLoader | None = None,
             engine_factory: Callable[[], Engine] = _build_engine) -> None:
    """Add ``understand``, ``eval understand``, ``bench understand`` and ``train understand`` to a Typer app."""
    engines: list[Engine] = []

    def engine() -> Engine:
        if not engines:
            engines.append(engine_factory())
        return engines[0]

    @app.command("understand")
    def understand(
        text: Annotated[str, typer.Argument(help="The sentence to understand.")],
        now: Annotated[str | None, typer.Option("--now", help="Reference time, ISO-8601.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the JSON object of the contract.")] = False,
        user: Annotated[str | None, typer.Option("--user", help="Apply this user's saved defaults.")] = None,
    ) -> None:
        """Turn one sentence into frames (domain, intent, slots, missing)."""
        try:
            reference = parse_now(now)
        except typer.BadParameter as error:
            _fail(str(error), as_json=as_json)
            return
        profile = profile_loader(user) if user and profile_loader else None
        result = engine().understand(text, now=reference, profile=profile)
        if as_json:
            typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
            return
        typer.secho(result.normalized, bold=True)          # plain output: no rich import on this path
        for frame in result.frames:
            slots = json.dumps(frame.slots, ensure_ascii=False)
            missing = f"  missing: {', '.join(frame.missing)}" if frame.missing else ""
            typer.echo(f"  {frame.domain}/{frame.intent} {slots}{missing}")

    if eval_app is None:
        eval_app = typer.Typer(help="Evaluate components on labelled data.", no_args_is_help=True)
        app.add_typer(eval_app, name="eval")
    if bench_app is None:
        bench_app = typer.Typer(help="Benchmark components.", no_args_is_help=True)
        app.add_typer(bench_app, name="bench")

    @eval_app.command("understand")
    def eval_understand(
        file: Annotated[Path, typer.Argument(help="JSON-lines file of labelled utterances.")],
        as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
        failures: Annotated[int, typer.Option("--failures", help="How many failures to list.")] = 50,
    ) -> None:
        """Score the engine on a labelled file (domain, intent, slot F1, exact frames)."""
        from bangwo.understanding import evaluation

        if not file.is_file():
            _fail(f"no such file: {file}", as_json=as_json)
        report = evaluation.evaluate(engine(), evaluation.load_items(file))
        if as_json:
            typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
            return
        _print_report(report, failures)

    @eval_app.command("domains")
    def eval_domains(
        file: Annotated[Path, typer.Argument(help="JSON-lines file of utterances labelled with a domain only.")],
        split: SplitOpt = None, kind: KindOpt = None, failures: PublicFailuresOpt = 0, as_json: PublicJsonOpt = False,
    ) -> None:
        """Domain accuracy on utterances labelled with a domain only (public dialogue text), per kind."""
        from bangwo.understanding import evaluation

        report = _public_report(evaluation.evaluate_domains, file, split, kind, failures, as_json)
        if report is None:
            return
        typer.echo(f"items {report['items']}, domain accuracy {100 * report['accuracy']:.1f} %")
        _print_tables(report, ("per_kind", "per_domain"))
        typer.echo("confusions: " + ", ".join(f"{k} {n}" for k, n in report["confusions"].items()))
        for miss in report["failures"]:
            typer.echo(f"  {miss['id']} [{miss['kind']}] {miss['expected']} -> {miss['got']}: {miss['text']}")

    @eval_app.command("slots")
    def eval_slots(
        file: Annotated[Path, typer.Argument(help="JSON-lines file of public text with slot values said in it.")],
        split: SplitOpt = None, kind: KindOpt = None, failures: PublicFailuresOpt = 0, as_json: PublicJsonOpt = False,
    ) -> None:
        """How often slot values said in public text (a sight's name, a ride's ends) are read exactly."""
        from bangwo.understanding import evaluation

        report = _public_report(evaluation.evaluate_slots, file, split, kind, failures, as_json)
        if report is None:
            return
        typer.echo(f"values {report['values']}, read exactly {100 * report['accuracy']:.1f} % "
                   f"({report['as_near']} names read as the place a search is near)")
        _print_tables(report, ("per_slot", "per_kind"))
        for miss in report["failures"]:
            got = json.dumps([{"domain": f["domain"], "slots": f["slots"]} for f in miss["got"]], ensure_ascii=False)
            typer.echo(f"  {miss['id']} [{miss['kind']}] {miss['slot']}={miss['expected']}: {miss['text']} -> {got}")

    def _public_report(evaluate: Callable[..., dict[str, Any]], file: Path, split: str | None,
                       kind: list[str] | None, failures: int, as_json: bool) -> dict[str, Any] | None:
        """Run ``evaluate`` on a public file; print JSON and return None when ``as_json``."""
        from bangwo.understanding import evaluation

        if not file.is_file():
            _fail(f"no such file: {file}", as_json=as_json)
        report = evaluate(engine(), evaluation.load_items(file), split=split, only_kinds=kind, failures=failures)
        if as_json:
            typer.echo(json.dumps(report, ensure_ascii=False))
            return None
        return report

    if train_app is None:
        train_app = typer.Typer(help="Train components from labelled data.", no_args_is_help=True)
        app.add_typer(train_app, name="train")

    @train_app.command("understand")
    def train_understand(
        dev: Annotated[Path, typer.Option("--dev", help="Labelled sentences to learn from.")] = DEFAULT_DEV_SET,
        out: Annotated[Path | None, typer.Option("--out", help="Where to write the weights.")] = None,
        calibration: Annotated[Path | None, typer.Option(
            "--calibration", help="Held-out file to calibrate confidence on (as a whole).")] = None,
        per_template: Annotated[int, typer.Option("--per-template", help="Sentences per template.")] = 30,
    ) -> None:
        """Fit the domain weigher on the dev set and template sentences; optionally calibrate it."""
        from bangwo.understanding import evaluation, linear, templates, training
        from bangwo.understanding.parse import Engine, build_engine
        from bangwo.understanding.weighing import Weigher

        for given in (dev, calibration):
            if given is not None and not given.is_file():
                _fail(f"no such file: {given}")
        target = out or linear.packaged_path()
        reader = build_engine()
        data = training.examples(reader, evaluation.load_items(dev),
                                 templates.samples(reader.lexicon.vocabulary, per_template=per_template))
        model = training.train(data)
        if calibration is not None:
            calibrated = Engine(reader.lexicon.vocabulary, weigher=Weigher(model))
            found = training.outcomes(calibrated, evaluation.load_items(calibration))
            model.calibration = training.calibrate(found)
        else:
            model.calibration = linear.load(target).calibration
        linear.save(model, target)
        c = model.calibration
        typer.echo(f"examples {len(data)}, features {len(model.domain_weights)}, written to {target}\n"
                   f"calibration a={c.a:.3f} b={c.b:.3f} threshold={c.threshold:.3f}")

    @bench_app.command("understand")
    def bench_understand(
        file: Annotated[Path, typer.Option("--file", help="Utterances to run.")] = DEFAULT_DEV_SET,
        as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    ) -> None:
        """Throughput, p50/p99 latency, cold start and memory of the engine."""
        from bangwo.understanding import benchmark, evaluation

        if not file.is_file():
            _fail(f"no such file: {file}", as_json=as_json)
        items = evaluation.load_items(file)
        texts = [(str(i["text"]), datetime.fromisoformat(str(i["now"]))) for i in items]
        report = benchmark.run(engine(), texts)
        if as_json:
            typer.echo(json.dumps(report.to_json()))
            return
        typer.echo(f"utterances      {report.utterances}\n"
                   f"throughput      {report.per_second:,.0f} utterances/s (one core)\n"
                   f"latency         p50 {report.p50_ms:.3f} ms, p99 {report.p99_ms:.3f} ms\n"
                   f"cold start      {report.cold_start_s:.3f} s (import + build + first call)\n"
                   f"resident memory {report.rss_mb:.1f} MB\n"
                   f"baseline        regex scan {report.baseline_per_second:,.0f} utterances/s; "
                   f"engine is {report.baseline_ratio:,.1f}x slower")


def _print_report(report: evaluation.EvalReport, failures: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="understanding")
    for column in ("domain", "items", "domain acc", "intent acc", "slot P", "slot R", "slot F1", "exact"):
        table.add_column(column, justify="right" if column != "domain" else "left")
    rows = sorted(report.per_domain.items())
    rows.append(("overall", report.overall))
    for name, score in rows:
        n = score.items or 1
        table.add_row(name, str(score.items), f"{score.domain_ok / n:.1%}", f"{score.intent_ok / n:.1%}",
                      f"{score.precision:.1%}", f"{score.recall:.1%}", f"{score.f1:.1%}", f"{score.exact_ok / n:.1%}")
    console.print(table)
    r = report.routing
    console.print(f"confidence threshold {r.threshold:.3f}: routed to the LLM {r.routed / (r.items or 1):.1%}, "
                  f"confidently wrong (wrong domain, kept) {r.confidently_wrong / (r.items or 1):.1%}, "
                  f"calibration error {r.calibration_error:.3f}")
    if report.differences:
        top = sorted(report.differences.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
        console.print("most frequent differences: " + ", ".join(f"{k} ({n})" for k, n in top), highlight=False)
    for failure in report.failures[:failures]:
        console.print(f"[bold]{failure.id}[/bold] {failure.text}", highlight=False)
        console.print(f"  expected {json.dumps(failure.expected, ensure_ascii=False)}", highlight=False)
        console.print(f"  got      {json.dumps(failure.got, ensure_ascii=False)}", highlight=False)
    if len(report.failures) > failures:
        console.print(f"... {len(report.failures) - failures} more failures")
    sys.stdout.flush()
