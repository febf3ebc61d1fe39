"""Settings, read once from the environment (BANGWO_*) and passed down."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./var/bangwo.db"


class Settings(BaseSettings):
    """Everything configurable. Card campaign rules are settings, never constants."""

    model_config = SettingsConfigDict(env_prefix="BANGWO_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    catalog_seed: int = 2026
    hold_minutes: int = Field(default=15, ge=1, le=60)

    campaign_id: str = "spring-2026"
    campaign_name: str = "帮我免单卡"
    campaign_starts_at: str = "2026-01-01T00:00:00+08:00"
    campaign_ends_at: str = "2027-12-31T23:59:59+08:00"
    card_value_fen: int = Field(default=2500, ge=1)
    card_min_spend_fen: int = Field(default=0, ge=0)
    card_min_pay_fen: int = Field(default=1, ge=0)
    card_first_use_grant: int = Field(default=1, ge=0)
    card_invite_reward: int = Field(default=1, ge=0)
    card_cap_per_user: int = Field(default=21, ge=0)
    card_total_stock: int | None = None
    card_windows: str = ""   # e.g. "00:00-06:00=50000,12:00-14:00=20000"

    starting_wallet_fen: int = Field(default=50_000, ge=0)
