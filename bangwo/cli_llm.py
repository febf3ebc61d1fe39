"""CLI commands of the LLM side: `bangwo mcp` (stdio MCP server, `bangwo token issue`), `bangwo bench tokens`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

DEFAULT_DEV_SET = Path("tests/data/understand_dev.jsonl")


def register(app: typer.Typer, *, bench_app: typer.Typer) -> None:
    """Add ``mcp``, ``token issue`` and ``bench tokens``."""

    @app.command("mcp")
    def mcp(
        approval: Annotated[str, typer.Option(help="elicit: the server asks the person (MCP elicitation); client: "
                                                   "the client's own approval dialog shows every confirm call.")]
            = "elicit",
    ) -> None:
        """Serve search, quote, order, confirm and track over MCP (stdio)."""
        from bangwo import bootstrap as boot
        from bangwo import mcp_server
        from bangwo.config import Settings
        from bangwo.domain.errors import BangwoError

        if approval not in ("elicit", "client"):
            typer.echo("error: --approval is elicit or client", err=True)
            raise typer.Exit(2)
        settings = Settings()
        application = boot.bootstrap(settings)
        try:
            mcp_server.run_stdio(application, secret=application.consent_secret,
                                 approval="elicit" if approval == "elicit" else "client")
        except BangwoError as exc:      # no token, a forged or expired one, an admin's: never start
            typer.echo(f"error: {exc.user_message} ({exc.message})", err=True)
            raise typer.Exit(2) from None
        finally:
            application.close()

    token_app = typer.Typer(help="Bearer tokens for operators (e.g. BANGWO_MCP_TOKEN).", no_args_is_help=True)
    app.add_typer(token_app, name="token")

    @token_app.command("issue")
    def token_issue(
        user: Annotated[str, typer.Option("--user", help="The user the token names (must exist).")],
    ) -> None:
        """Print a user token signed with this deployment's key (BANGWO_AUTH_SECRET, else the database's)."""
        from bangwo import bootstrap as boot
        from bangwo.config import Settings
        from bangwo.domain.errors import BangwoError
        from bangwo.services.tokens import Role

        application = boot.bootstrap(Settings())
        try:
            with application.uow.reader() as uow:
                uow.users.require(user)
            token, who = application.signer().issue(user, Role.USER)
        except BangwoError as exc:
            typer.echo(f"error: {exc.user_message} ({exc.message})", err=True)
            raise typer.Exit(2) from None
        finally:
            application.close()
        typer.echo(token)
        typer.echo(f"user {who.subject}, expires at {who.expires_at} (unix time)", err=True)

    @bench_app.command("tokens")
    def bench_tokens(
        file: Annotated[Path, typer.Option("--file", help="Labelled utterances (JSON lines).")] = DEFAULT_DEV_SET,
        as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    ) -> None:
        """Qwen tokens per order: routed (embedded first) vs every turn sent to the LLM."""
        from bangwo.bench import tokens

        if not file.is_file():
            typer.echo(f"error: no such file: {file}", err=True)
            raise typer.Exit(2)
        report = tokens.run(tokens.load(file), engine=tokens.default_engine()).to_json()
        if as_json:
            typer.echo(json.dumps(report, ensure_ascii=False))
            return
        routes = ", ".join(f"{k} {v}" for k, v in sorted(report["routes"].items()))
        typer.echo(f"conversations      {report['conversations']} ({report['orders']} orders, {report['turns']} turns)\n"
                   f"routes             {routes}\n"
                   f"to the LLM         {report['planner_requests']} requests "
                   f"({report['planner_requests'] / max(report['conversations'], 1):.1%})\n"
                   f"fixed prompt       {report['fixed_prompt_tokens']} tokens (system prompt + tool schemas)\n"
                   f"all turns to LLM   {report['all_llm']['tokens']:,} tokens, "
                   f"{report['all_llm']['tokens_per_order']:,.0f} per order\n"
                   f"routed             {report['routed']['tokens']:,} tokens, "
                   f"{report['routed']['tokens_per_order']:,.0f} per order\n"
                   f"saving             {report['saving']:.1%} of the tokens")
