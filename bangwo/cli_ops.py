"""Operator commands: `bangwo campaign`, `bangwo users`, `bangwo db`, `bangwo backup` and `bangwo restore`.

Every command imports what it needs inside its body (fast start). None of them rewrites a stored campaign
from the settings: campaigns change only through `bangwo campaign create|update|pause|resume`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bangwo.cli_common import JsonOpt, NowOpt, emit_json, with_app

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from bangwo import bootstrap as boot
    from bangwo.domain.cards import Campaign

IdArg = Annotated[str, typer.Argument(help="Campaign id, e.g. spring-2026.")]
NameOpt = Annotated[str | None, typer.Option("--name", help="Shown to users, e.g. 帮我免单卡.")]
StartsOpt = Annotated[str | None, typer.Option("--starts-at", help="ISO-8601; Asia/Shanghai without an offset.")]
EndsOpt = Annotated[str | None, typer.Option("--ends-at", help="ISO-8601; cards expire then.")]
FenOpt = Annotated[int | None, typer.Option(min=0)]
StockOpt = Annotated[str | None, typer.Option("--total-stock", help="Cards in all, or 'none' for no limit.")]
WindowsOpt = Annotated[str | None, typer.Option(
    "--windows", help="Daily claim windows, e.g. '00:00-06:00=50000,12:00-14:00=20000'; '' for none.")]


def register(app: typer.Typer) -> None:
    """Add the operator commands to the `bangwo` app."""
    campaign_app = typer.Typer(help="Card campaigns stored in the database.", no_args_is_help=True)
    users_app = typer.Typer(help="People who use bangwo.", no_args_is_help=True)
    db_app = typer.Typer(help="The database schema (Alembic migrations).", no_args_is_help=True)
    app.add_typer(campaign_app, name="campaign")
    app.add_typer(users_app, name="users")
    app.add_typer(db_app, name="db")
    _campaign_commands(campaign_app)
    _user_commands(users_app)
    _db_commands(db_app)
    app.command("backup")(backup)
    app.command("restore")(restore)
    app.command("journal")(journal)


def _campaign_changes(*, name: str | None, starts_at: str | None, ends_at: str | None,
                      fen: dict[str, int | None], total_stock: str | None, windows: str | None) -> dict[str, Any]:
    """The fields given on the command line, parsed (only those: the rest stays as stored)."""
    from bangwo import bootstrap as boot
    from bangwo.domain.clocks import parse_now
    from bangwo.domain.errors import InvalidRequestError

    changes: dict[str, Any] = {k: v for k, v in fen.items() if v is not None}
    if name is not None:
        changes["name"] = name
    if starts_at is not None:
        changes["starts_at"] = parse_now(starts_at)
    if ends_at is not None:
        changes["ends_at"] = parse_now(ends_at)
    try:
        if total_stock is not None:
            changes["total_stock"] = None if total_stock.lower() == "none" else int(total_stock)
        if windows is not None:
            changes["windows"] = boot.parse_windows(windows)
    except ValueError as exc:
        raise InvalidRequestError(f"bad --total-stock or --windows: {exc}",
                                  user_message="--total-stock 应为整数或 none；--windows 形如 00:00-06:00=50000") from None
    return changes


def _print_campaign(body: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        emit_json(body)
        return
    state = "已暂停" if body["paused"] else ("进行中" if body.get("active") else "未在进行")
    windows = "、".join(f"{w['start']}-{w['end']}" + (f"（{w['stock']}张）" if w["stock"] is not None else "")
                       for w in body["windows"]) or "全天"
    typer.echo(f"{body['id']} {body['name']}（{state}）\n"
               f"  时间 {body['starts_at']} 至 {body['ends_at']}\n"
               f"  面额 {body['value_fen']} 分，最低消费 {body['min_spend_fen']} 分，最少实付 {body['min_pay_fen']} 分\n"
               f"  新人送 {body['first_use_grant']} 张，邀请奖励 {body['invite_reward']} 张，每人上限 "
               f"{body['cap_per_user']} 张，总量 {body['total_stock'] if body['total_stock'] is not None else '不限'}\n"
               f"  领卡时段 {windows}")


def _campaign_commands(campaign_app: typer.Typer) -> None:
    @campaign_app.command("show")
    def show(
        campaign_id: Annotated[str | None, typer.Argument(help="Default: the running one (BANGWO_CAMPAIGN_ID).")]
            = None,
        all_: Annotated[bool, typer.Option("--all", help="Every stored campaign.")] = False,
        as_json: JsonOpt = False, now: NowOpt = None,
    ) -> None:
        """Show a stored campaign (or all of them)."""
        from bangwo.services import campaigns

        def run(a: boot.App) -> list[dict[str, Any]]:
            at = a.clock.now()
            if all_:
                return [campaigns.to_json(c, now=at) for c in campaigns.list_all(uow=a.uow)]
            return [campaigns.to_json(campaigns.show(campaign_id or a.settings.campaign_id, uow=a.uow), now=at)]
        found = with_app(now, run)
        if as_json:
            emit_json(found if all_ else found[0])
            return
        for body in found:
            _print_campaign(body, as_json=False)

    @campaign_app.command("create")
    def create(
        campaign_id: IdArg, starts_at: StartsOpt = None, ends_at: EndsOpt = None, name: NameOpt = None,
        value_fen: FenOpt = None, min_spend_fen: FenOpt = None, min_pay_fen: FenOpt = None,
        first_use_grant: FenOpt = None, invite_reward: FenOpt = None, cap_per_user: FenOpt = None,
        total_stock: StockOpt = None, windows: WindowsOpt = None, as_json: JsonOpt = False,
    ) -> None:
        """Store a new campaign (defaults: spec/chat.md's rules; --starts-at and --ends-at are required)."""
        from bangwo.domain.cards import Campaign
        from bangwo.domain.errors import InvalidRequestError
        from bangwo.services import campaigns

        if starts_at is None or ends_at is None:
            raise InvalidRequestError("campaign create needs --starts-at and --ends-at",
                                      user_message="请给出 --starts-at 和 --ends-at")
        fen = {"value_fen": value_fen, "min_spend_fen": min_spend_fen, "min_pay_fen": min_pay_fen,
               "first_use_grant": first_use_grant, "invite_reward": invite_reward, "cap_per_user": cap_per_user}
        changes = _campaign_changes(name=name, starts_at=starts_at, ends_at=ends_at, fen=fen,
                                    total_stock=total_stock, windows=windows)
        made = Campaign(id=campaign_id, name=changes.pop("name", "帮我免单卡"), starts_at=changes.pop("starts_at"),
                        ends_at=changes.pop("ends_at"), **changes)

        def run(a: boot.App) -> Campaign:
            return campaigns.create(made, uow=a.uow)
        _print_campaign(campaigns.to_json(with_app(None, run)), as_json=as_json)

    @campaign_app.command("update")
    def update(
        campaign_id: IdArg, starts_at: StartsOpt = None, ends_at: EndsOpt = None, name: NameOpt = None,
        value_fen: FenOpt = None, min_spend_fen: FenOpt = None, min_pay_fen: FenOpt = None,
        first_use_grant: FenOpt = None, invite_reward: FenOpt = None, cap_per_user: FenOpt = None,
        total_stock: StockOpt = None, windows: WindowsOpt = None, as_json: JsonOpt = False,
    ) -> None:
        """Change the given fields of a stored campaign (cards already issued keep their value)."""
        from bangwo.domain.errors import InvalidRequestError
        from bangwo.services import campaigns

        fen = {"value_fen": value_fen, "min_spend_fen": min_spend_fen, "min_pay_fen": min_pay_fen,
               "first_use_grant": first_use_grant, "invite_reward": invite_reward, "cap_per_user": cap_per_user}
        changes = _campaign_changes(name=name, starts_at=starts_at, ends_at=ends_at, fen=fen,
                                    total_stock=total_stock, windows=windows)
        if not changes:
            raise InvalidRequestError("nothing to update", user_message="没有要修改的字段")

        def run(a: boot.App) -> Campaign:
            return campaigns.update(campaign_id, changes, uow=a.uow)
        _print_campaign(campaigns.to_json(with_app(None, run)), as_json=as_json)

    @campaign_app.command("pause")
    def pause(campaign_id: IdArg, as_json: JsonOpt = False) -> None:
        """Stop claims and grants of a campaign (cards already held stay usable)."""
        _set_paused(campaign_id, paused=True, as_json=as_json)

    @campaign_app.command("resume")
    def resume(campaign_id: IdArg, as_json: JsonOpt = False) -> None:
        """Let a paused campaign issue cards again."""
        _set_paused(campaign_id, paused=False, as_json=as_json)


def _set_paused(campaign_id: str, *, paused: bool, as_json: bool) -> None:
    from bangwo.services import campaigns

    def run(a: boot.App) -> Campaign:
        return campaigns.set_paused(campaign_id, paused, uow=a.uow)
    _print_campaign(campaigns.to_json(with_app(None, run)), as_json=as_json)


def _user_commands(users_app: typer.Typer) -> None:
    @users_app.command("add")
    def add(
        user_id: Annotated[str, typer.Argument(help="Letters, digits, _ . - (1-64).")],
        name: Annotated[str, typer.Option("--name", help="Display name.")],
        phone: Annotated[str, typer.Option("--phone", help="Mainland mobile number, 11 digits.")],
        city: Annotated[str, typer.Option("--city", help="Home city, e.g. 杭州.")] = "杭州",
        as_json: JsonOpt = False, now: NowOpt = None,
    ) -> None:
        """Add a person (with the running campaign's first-use cards); addresses: `bangwo places --set`."""
        from bangwo.domain.errors import ConflictError
        from bangwo.domain.users import User, check_user_id
        from bangwo.services import registering

        def run(a: boot.App) -> dict[str, Any]:
            with a.uow.reader() as uow:
                if uow.users.find(check_user_id(user_id)) is not None:
                    raise ConflictError(f"user {user_id!r} exists", user_message=f"用户 {user_id} 已存在")
            granted = registering.register_user(User(id=user_id, name=name, phone=phone, home_city=city),
                                                uow=a.uow(), clock=a.clock, campaign_id=a.settings.campaign_id)
            return {"id": user_id, "name": name, "phone": phone, "home_city": city, "cards_granted": len(granted)}
        body = with_app(now, run)
        if as_json:
            emit_json(body)
            return
        typer.echo(f"已添加用户 {body['id']}（{body['name']}，{body['home_city']}），送免单卡 {body['cards_granted']} 张")

    @users_app.command("list")
    def list_(
        limit: Annotated[int, typer.Option(min=1, max=10_000)] = 100,
        as_json: JsonOpt = False,
    ) -> None:
        """Every user, oldest first (up to --limit)."""
        from sqlalchemy import select

        from bangwo.adapters.db import tables

        def run(a: boot.App) -> list[dict[str, Any]]:
            u = tables.users.c
            with a.engine.connect() as conn:
                rows = conn.execute(select(u.id, u.name, u.phone, u.home_city, u.created_at)
                                    .order_by(u.created_at, u.id).limit(limit)).mappings().all()
            return [{**r, "created_at": r["created_at"].isoformat()} for r in rows]
        rows = with_app(None, run)
        if as_json:
            emit_json(rows)
            return
        for r in rows:
            typer.echo(f"{r['id']}\t{r['name']}\t{r['phone']}\t{r['home_city']}\t{r['created_at'][:19]}")
        if not rows:
            typer.echo("还没有用户。")

    @users_app.command("show")
    def show(
        user_id: Annotated[str, typer.Argument(help="User id.")],
        as_json: JsonOpt = False, now: NowOpt = None,
    ) -> None:
        """One user: profile, addresses, wallet, cards and how many orders."""
        from bangwo import views
        from bangwo.domain.users import check_user_id

        def run(a: boot.App) -> dict[str, Any]:
            with a.uow.reader() as uow:
                user = uow.users.get(check_user_id(user_id))
                wallet = views.wallet_json(uow, user.id, a.clock.now())
                orders = uow.orders.list_for_user(user.id, limit=200)
            return {"id": user.id, "name": user.name, "phone": user.phone, "home_city": user.home_city,
                    "addresses": [a_.text for a_ in user.addresses], "wallet_fen": wallet["wallet_fen"],
                    "cards_usable": wallet["cards_usable"], "cards": len(wallet["cards"]), "orders": len(orders)}
        body = with_app(now, run)
        if as_json:
            emit_json(body)
            return
        typer.echo(f"{body['id']} {body['name']} {body['phone']} {body['home_city']}\n"
                   f"  地址 {'；'.join(body['addresses']) or '无'}\n"
                   f"  钱包 {views.yuan(body['wallet_fen'])}，可用免单卡 {body['cards_usable']} 张，订单 {body['orders']} 笔")


def _db_commands(db_app: typer.Typer) -> None:
    @db_app.command("upgrade")
    def upgrade(as_json: JsonOpt = False) -> None:
        """Bring the database to the newest schema (every `bangwo` start does this too)."""
        _with_engine(_upgrade, as_json=as_json)

    @db_app.command("current")
    def current(as_json: JsonOpt = False) -> None:
        """The revision the database is at, and whether it is the newest."""
        _with_engine(_revisions, as_json=as_json)

    @db_app.command("history")
    def history(as_json: JsonOpt = False) -> None:
        """Every migration, newest first."""
        from bangwo.adapters.db import migrating

        rows = migrating.history()
        if as_json:
            emit_json(rows)
            return
        for r in rows:
            typer.echo(f"{r['down_revision'] or '<base>'} -> {r['revision']}  {r['message']}")


def _with_engine(action: Callable[[Engine], dict[str, Any]], *, as_json: bool) -> None:
    """Run ``action(engine)`` on the configured database without bootstrapping (which would migrate it)."""
    from bangwo.adapters.db.engine import make_engine
    from bangwo.config import Settings

    settings = Settings()
    engine = make_engine(settings.database_url, pool_size=1)
    try:
        body: dict[str, Any] = {"database": engine.url.render_as_string(hide_password=True), **action(engine)}
    finally:
        engine.dispose()
    if as_json:
        emit_json(body)
        return
    state = "最新" if body["up_to_date"] else "需要升级（bangwo db upgrade）"
    typer.echo(f"{body['database']}\n  当前 {', '.join(body['current']) or '<空>'}；最新 {', '.join(body['heads'])}；{state}")


def _revisions(engine: Engine) -> dict[str, Any]:
    from bangwo.adapters.db import migrating

    current, heads = sorted(migrating.current(engine)), sorted(migrating.heads())
    return {"current": current, "heads": heads, "up_to_date": current == heads}


def _upgrade(engine: Engine) -> dict[str, Any]:
    from bangwo.adapters.db import migrating

    before = sorted(migrating.current(engine))
    migrating.upgrade(engine)
    return {"before": before, **_revisions(engine)}


def backup(
    file: Annotated[Path, typer.Argument(help="Where to write the backup (replaced when it exists).")],
    as_json: JsonOpt = False,
) -> None:
    """Back up the database: SQLite's online backup (a consistent copy while serving) or pg_dump (custom)."""
    from bangwo.adapters.db import backups
    from bangwo.config import Settings

    done = backups.backup(Settings().database_url, file)
    body = {"kind": done.kind, "file": str(done.path), "size_bytes": done.size_bytes}
    if as_json:
        emit_json(body)
        return
    typer.echo(f"已备份（{done.kind}）到 {done.path}，{done.size_bytes} 字节")


def restore(
    file: Annotated[Path, typer.Argument(help="A file `bangwo backup` wrote.")],
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite a database that is not empty.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Restore a backup into the configured database (an empty one unless --replace); stop servers first."""
    from bangwo.adapters.db import backups, migrating
    from bangwo.adapters.db.engine import make_engine
    from bangwo.config import Settings

    settings = Settings()
    done = backups.restore(settings.database_url, file, replace=replace)
    engine = make_engine(settings.database_url, pool_size=1)
    try:
        revisions = sorted(migrating.current(engine))
    finally:
        engine.dispose()
    body = {"kind": done.kind, "file": str(done.path), "revision": revisions}
    if as_json:
        emit_json(body)
        return
    typer.echo(f"已从 {done.path} 恢复（{done.kind}），数据库版本 {', '.join(revisions)}")


def journal() -> None:
    """Drain the card-claim journal from Redis into the database until SIGTERM (one per host, or in compose)."""
    import signal
    import threading

    from bangwo import bootstrap as boot
    from bangwo import observability
    from bangwo.config import Settings
    from bangwo.domain.errors import InvalidRequestError

    settings = Settings()
    if not settings.redis_url:
        raise InvalidRequestError("bangwo journal needs BANGWO_REDIS_URL", user_message="请设置 BANGWO_REDIS_URL")
    observability.configure_logging(settings)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    boot.prepare_serving(settings)   # schema, the running campaign, then reconcile Redis with the database
    log = logging.getLogger("bangwo.journal")
    log.info("journal writer running", extra={"redis_prefix": settings.redis_prefix})
    boot.run_journal(settings, stop.is_set)
    log.info("journal writer stopped")
