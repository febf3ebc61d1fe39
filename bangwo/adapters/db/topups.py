"""Top-ups asked of the payment provider and refunds to card, in the unit of work's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from bangwo.adapters.db import tables as t
from bangwo.adapters.db.repositories import insert_ignore
from bangwo.adapters.db.unit_of_work import SqlUnitOfWork
from bangwo.services.ports import CardRefundRecord, TopUpRecord, UnitOfWork

_t = t.topups.c
_r = t.topup_refunds.c


def topups_of(uow: UnitOfWork) -> SqlTopUps:
    """The TopUps port: the records bound to this unit of work's connection (inside ``with uow:``)."""
    if not isinstance(uow, SqlUnitOfWork):
        raise TypeError(f"top-ups live in the SQL database, not in {type(uow).__name__}")
    return SqlTopUps(uow.connection)


class SqlTopUps:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def open(self, record: TopUpRecord) -> TopUpRecord:
        """Insert the top-up unless its reference exists; the stored record either way."""
        insert_ignore(self.conn, t.topups, {
            "reference": record.reference, "user_id": record.user_id, "amount_fen": record.amount_fen,
            "ledger_key": record.ledger_key, "channel": record.channel, "status": record.status,
            "provider_id": record.provider_id, "qr_code": record.qr_code, "refunded_fen": record.refunded_fen,
            "created_at": record.created_at, "updated_at": record.created_at})
        stored = self.get(record.reference)
        assert stored is not None
        return stored

    def get(self, reference: str, *, lock: bool = False) -> TopUpRecord | None:
        query = select(t.topups).where(_t.reference == reference)
        row = self.conn.execute(query.with_for_update() if lock else query).mappings().first()
        return None if row is None else _topup(row)

    def settle(self, reference: str, *, status: str, provider_id: str, at: datetime) -> None:
        """Move an open top-up to ``status`` (paid wins over failed: a late payment is still money in)."""
        allowed = ("open", "failed") if status == "paid" else ("open",)
        values: dict[str, Any] = {"status": status, "updated_at": at}
        if provider_id:
            values["provider_id"] = provider_id
        self.conn.execute(update(t.topups).where(_t.reference == reference, _t.status.in_(allowed)).values(values))

    def set_qr_code(self, reference: str, qr_code: str) -> None:
        self.conn.execute(update(t.topups).where(_t.reference == reference).values(qr_code=qr_code))

    def take_refund(self, reference: str, amount_fen: int) -> bool:
        """Count ``amount_fen`` as refunded unless that would exceed what the top-up paid (atomic)."""
        done = self.conn.execute(update(t.topups).where(
            _t.reference == reference, _t.status == "paid", _t.refunded_fen + amount_fen <= _t.amount_fen,
        ).values(refunded_fen=_t.refunded_fen + amount_fen)).rowcount
        return bool(done)

    def give_back_refund(self, reference: str, amount_fen: int) -> None:
        self.conn.execute(update(t.topups).where(_t.reference == reference)
                          .values(refunded_fen=_t.refunded_fen - amount_fen))

    def add_refund(self, record: CardRefundRecord) -> None:
        self.conn.execute(t.topup_refunds.insert().values(
            request_id=record.request_id, reference=record.reference, user_id=record.user_id,
            amount_fen=record.amount_fen, status=record.status, created_at=record.created_at,
            updated_at=record.created_at))

    def refund(self, request_id: str) -> CardRefundRecord | None:
        row = self.conn.execute(select(t.topup_refunds).where(_r.request_id == request_id)).mappings().first()
        if row is None:
            return None
        return CardRefundRecord(request_id=row["request_id"], reference=row["reference"], user_id=row["user_id"],
                                amount_fen=int(row["amount_fen"]), status=row["status"],
                                created_at=row["created_at"])

    def set_refund_status(self, request_id: str, status: str, *, at: datetime) -> None:
        self.conn.execute(update(t.topup_refunds).where(_r.request_id == request_id, _r.status == "pending")
                          .values(status=status, updated_at=at))


def _topup(row: Any) -> TopUpRecord:
    return TopUpRecord(reference=row["reference"], user_id=row["user_id"], amount_fen=int(row["amount_fen"]),
                       ledger_key=row["ledger_key"], channel=row["channel"], status=row["status"],
                       created_at=row["created_at"], provider_id=row["provider_id"], qr_code=row["qr_code"],
                       refunded_fen=int(row["refunded_fen"]))
