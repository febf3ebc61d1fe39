"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ClaimRequest(BaseModel):
    request_id: str = Field(min_length=1, max_length=128, description="Idempotency key: a retry returns the first card.")


class ClaimedCard(BaseModel):
    card_id: str
    request_id: str
    value_fen: int
    min_pay_fen: int
    expires_at: str


class ChatRequest(BaseModel):
    text: str = Field(max_length=10_000)
    conversation_id: str = Field(default="default", max_length=64)
    consent: str | None = Field(default=None, max_length=64, pattern=r"^[0-9a-f]+$")
    message_id: str | None = Field(default=None, min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$",
                                   description="the client's id of this message: sent again (a retry), it gets "
                                               "the same turn back and nothing runs twice")


class Problem(BaseModel):
    """Every error: a code, the Chinese message for people and, when waiting helps, seconds to wait."""

    error: str
    message: str
    retry_after: int | None = None


Json = dict[str, Any]
