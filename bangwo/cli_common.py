"""What every `bangwo` command shares: options, the clock from --now, JSON output, errors and exit codes.

Nothing heavy is imported here at module level: `bangwo --help` and `bangwo understand` must start fast, so
commands import bootstrap, views and rich inside their bodies.

Exit codes (docs/operations.md): 0 done; 1 an error (conflict, payment, a store unavailable, a bug);
2 a usage error (unknown option, bad value, invalid request); 3 not found (an id that names nothing).
Under ``--json`` an error is one JSON object on stdout: ``{"error": {"code", "message", "detail"}}``.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from bangwo import bootstrap as boot
    from bangwo.domain.errors import BangwoError
    from bangwo.services.ports import Clock

T = TypeVar("T")

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_NOT_FOUND = 0, 1, 2, 3

NowOpt = Annotated[str | None, typer.Option(
    "--now", help="Reference time, ISO-8601; taken as Asia/Shanghai when it has no offset (default: the clock).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for programs (errors too).")]
UserOpt = Annotated[str, typer.Option("--user", help="User id.")]


def make_clock(now: str | None) -> Clock:
    """A fixed clock at --now (converted to Asia/Shanghai), else the system clock."""
    from bangwo.domain.clocks import FixedClock, SystemClock, parse_now

    return FixedClock(parse_now(now)) if now else SystemClock()


def with_app(now: str | None, action: Callable[[boot.App], T]) -> T:
    """Bootstrap from the environment's settings, run ``action``, close. Domain errors propagate to ``run``."""
    from bangwo import bootstrap as boot
    from bangwo.config import Settings

    application = boot.bootstrap(Settings(), clock=make_clock(now))
    try:
        return action(application)
    finally:
        application.close()


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


def exit_code_of(exc: BangwoError) -> int:
    from bangwo.domain.errors import InvalidRequestError, NotFoundError

    if isinstance(exc, NotFoundError):
        return EXIT_NOT_FOUND
    if isinstance(exc, InvalidRequestError):
        return EXIT_USAGE
    return EXIT_ERROR


def report_error(*, code: str, message: str, detail: str, as_json: bool) -> None:
    """One error, as JSON on stdout (``--json``) or as a line on stderr; never a stack trace."""
    if as_json:
        emit_json({"error": {"code": code, "message": message, "detail": detail}})
        sys.stdout.flush()
    else:
        text = f"错误：{message}" + (f" ({detail})" if detail and detail != message else "")
        sys.stderr.write(text + "\n")


def report_failure(exc: Exception, *, as_json: bool) -> int:
    """Print a domain error or a bad setting the way `bangwo` reports errors; its exit code (else re-raise)."""
    from pydantic import ValidationError

    from bangwo.domain.errors import BangwoError

    if isinstance(exc, BangwoError):
        report_error(code=exc.code, message=exc.user_message, detail=exc.message, as_json=as_json)
        return exit_code_of(exc)
    if isinstance(exc, ValidationError):     # a BANGWO_* setting with a bad value
        report_error(code="configuration", message="配置有误（BANGWO_* 环境变量）",
                     detail=" ".join(str(exc).split()), as_json=as_json)
        return EXIT_USAGE
    raise exc


def _reporting(callback: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(callback)   # typer reads the options from the wrapped signature
    def command(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except Exception as exc:
            code = report_failure(exc, as_json=bool(kwargs.get("as_json")))   # re-raises anything else
            raise typer.Exit(code) from None
    command.bangwo_reports_errors = True   # type: ignore[attr-defined]
    return command


def report_errors(app: typer.Typer) -> None:
    """Make every command of ``app`` (and of its sub-apps) end a domain error with its message and exit
    code, however it is invoked (``main``, typer's CliRunner). Call once, after every command is registered."""
    for info in app.registered_commands:
        if info.callback is not None and not getattr(info.callback, "bangwo_reports_errors", False):
            info.callback = _reporting(info.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            report_errors(group.typer_instance)


def run(app: typer.Typer, argv: list[str]) -> int:
    """Run the Typer app on ``argv`` and turn every way it can end into an exit code."""
    from bangwo.domain.errors import BangwoError

    as_json = "--json" in argv
    try:
        result = app(args=argv, prog_name="bangwo", standalone_mode=False)
    except BangwoError as exc:
        return report_failure(exc, as_json=as_json)
    except typer.Abort:
        report_error(code="aborted", message="已取消", detail="aborted", as_json=as_json)
        return 130
    except typer.TyperException as exc:          # usage errors: unknown command or option, bad value
        code = int(getattr(exc, "exit_code", EXIT_USAGE))
        show = getattr(exc, "show", None)
        if as_json or not callable(show):
            report_error(code="usage", message=exc.format_message(), detail="usage error", as_json=as_json)
        else:
            show()
        return code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from pydantic import ValidationError

        if isinstance(exc, ValidationError):
            return report_failure(exc, as_json=as_json)
        if not as_json:
            raise
        report_error(code="internal", message="内部错误", detail=f"{type(exc).__name__}: {exc}", as_json=True)
        return EXIT_ERROR
    return int(result) if isinstance(result, int) else EXIT_OK
