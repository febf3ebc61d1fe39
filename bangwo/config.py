"""Settings, read once from the environment (BANGWO_*) and passed down."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """Where bangwo keeps its SQLite database when nothing else is said: an absolute path, the same from
    every working directory ($XDG_DATA_HOME/bangwo, else ~/.local/share/bangwo)."""
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "bangwo"


class Settings(BaseSettings):
    """Everything configurable. Card campaign rules are settings, never constants."""

    model_config = SettingsConfigDict(env_prefix="BANGWO_", extra="ignore")

    # The database; when unset, SQLite at DATA_DIR/bangwo.db. DATA_DIR (absolute once read) defaults to
    # $XDG_DATA_HOME/bangwo or ~/.local/share/bangwo, so every working directory finds the same database.
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str = ""
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

    # Serving and flash crowds (issue 5). Without a Redis URL, card claims run on the database alone.
    redis_url: str | None = None             # e.g. redis://127.0.0.1:6379/0
    redis_prefix: str = "bw"                  # every Redis key starts with this
    now: str | None = None                    # a fixed clock for the server (demos, benchmarks), ISO-8601
    # The /v1 routes name the user by the X-Bangwo-User header, unauthenticated: load tests on loopback only.
    trust_user_header: bool = False
    bench_routes: bool = False                # /bench/ping and /bench/insert baselines for `bangwo bench`
    journal_batch: int = Field(default=1000, ge=1, le=10_000)
    workers: int = Field(default=2, ge=1, le=64)
    db_pool_size: int = Field(default=8, ge=1, le=128)
    # Admission control, per worker process: concurrent requests, then a bounded queue, then 503.
    max_inflight: int = Field(default=64, ge=1)
    max_queue: int = Field(default=512, ge=0)
    queue_timeout_s: float = Field(default=5.0, gt=0)
    shed_optional_at: int = Field(default=32, ge=0)   # queued requests beyond which optional work is shed
    # Rate limits (token buckets); the global one is shared out evenly between the workers.
    global_rps: float = Field(default=20_000.0, gt=0)
    user_rps: float = Field(default=20.0, gt=0)
    user_burst: int = Field(default=40, ge=1)

    # LLM planner (issue 7): off unless a base URL is set. Any OpenAI-compatible chat-completions server.
    llm_base_url: str | None = None          # e.g. https://dashscope.aliyuncs.com/compatible-mode/v1
    llm_model: str = "qwen-plus"
    llm_api_key: str | None = None
    llm_timeout_s: float = Field(default=30.0, gt=0)
    llm_max_steps: int = Field(default=6, ge=1, le=20)
    llm_max_tokens_per_turn: int = Field(default=12_000, ge=500)
    # Signs the confirmation tokens of MCP orders; a random secret per process when unset.
    confirm_secret: str | None = None
    # HTTP API authentication (issue 6): signed bearer tokens. A random secret per process when unset
    # (`bangwo serve` shares one between its workers); set it to keep tokens valid across restarts.
    auth_secret: str | None = None
    auth_token_ttl_s: int = Field(default=7 * 24 * 3600, ge=60)
    demo_login: bool = False                 # any existing user may take a token by id: `make demo`/`serve` only
    admin_password: str | None = None        # the operations dashboard's password; no admin login when unset

    # Places (docs/places.md): the embedded gazetteer (offline, deterministic) or AMap's Web Service API.
    geocoder: Literal["embedded", "amap"] = "embedded"
    amap_key: str | None = None               # a 高德 Web 服务 key; required when geocoder is amap
    amap_base_url: str = "https://restapi.amap.com"
    amap_timeout_s: float = Field(default=5.0, gt=0)
    amap_cache_days: int = Field(default=30, ge=0)   # AMap answers are kept this long in geocode_cache

    # An outside supplier (docs/catalog.md): live quote/hold/confirm/cancel over HTTP, status by signed webhook
    # to /api/suppliers/{supplier_name}/webhooks (Standard Webhooks; the secret is whsec_ + base64).
    supplier_name: str | None = None
    supplier_url: str | None = None
    supplier_api_key: str | None = None
    supplier_webhook_secret: str | None = None
    supplier_timeout_s: float = Field(default=5.0, gt=0)

    # Abuse controls (docs/security.md). Sign-in attempts, in the `limits` notation ("10/minute"), counted in
    # Redis when BANGWO_REDIS_URL is set (every worker shares them), else in each process.
    login_limit_per_account: str = "10/minute"   # per user id or phone (login, code requests)
    login_limit_per_address: str = "60/minute"   # per client address
    max_open_holds: int = Field(default=5, ge=1)  # held (unpaid) orders one user may have at once
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)   # larger request bodies answer 413

    # Accounts (docs/security.md): phone sign-up and login with one-time codes, key rotation, MCP identity.
    env: Literal["development", "production"] = "development"   # production: `serve` needs BANGWO_AUTH_SECRET
    auth_previous_secrets: str = ""           # comma-separated retired token secrets, accepted until expiry
    public_base_url: str = "http://127.0.0.1:8000"   # invite links are built from this, never the Host header
    login_code_ttl_s: int = Field(default=300, ge=30, le=3600)
    login_code_max_attempts: int = Field(default=5, ge=1, le=20)
    login_code_resend_s: int = Field(default=30, ge=0, le=3600)   # a new code for a phone at most this often
    new_user_home_city: str = "杭州"
    sms_provider: Literal["log", "tencent"] = "log"   # log: codes only in the log (development)
    tencent_sms_secret_id: str | None = None
    tencent_sms_secret_key: str | None = None
    tencent_sms_app_id: str | None = None     # SmsSdkAppId
    tencent_sms_sign_name: str | None = None
    tencent_sms_template_id: str | None = None
    tencent_sms_region: str = "ap-guangzhou"
    tencent_sms_endpoint: str = "https://sms.tencentcloudapi.com"
    tencent_sms_timeout_s: float = Field(default=5.0, gt=0)
    mcp_token: str | None = None              # `bangwo mcp` acts for the user this token names
    new_user_wallet_fen: int = Field(default=0, ge=0)   # sandbox only: fund a new account's wallet (demo)

    # Payments (docs/payments.md): the sandbox (any token pays) or the Alipay open platform with RSA2 keys.
    payment_gateway: Literal["sandbox", "alipay"] = "sandbox"
    alipay_app_id: str | None = None
    alipay_private_key_path: str | None = None      # our application private key (PEM or Alipay's bare base64)
    alipay_public_key_path: str | None = None       # 支付宝公钥, verifies answers and notifications
    alipay_gateway_url: str = "https://openapi.alipay.com/gateway.do"
    alipay_notify_url: str | None = None            # default: {public_base_url}/api/payments/alipay/notify
    alipay_timeout_s: float = Field(default=10.0, gt=0)
    alipay_poll_attempts: int = Field(default=5, ge=1, le=30)     # queries of a charge in doubt, then cancel
    alipay_poll_interval_s: float = Field(default=2.0, ge=0)

    @model_validator(mode="after")
    def _alipay_needs_keys(self) -> Self:
        needed = (self.alipay_app_id, self.alipay_private_key_path, self.alipay_public_key_path)
        if self.payment_gateway == "alipay" and not all(needed):
            raise ValueError("BANGWO_PAYMENT_GATEWAY=alipay needs BANGWO_ALIPAY_APP_ID, "
                             "BANGWO_ALIPAY_PRIVATE_KEY_PATH and BANGWO_ALIPAY_PUBLIC_KEY_PATH")
        return self

    # Observability (docs/operations.md): JSON logs on stderr with request ids, access log, OpenTelemetry.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = "json"
    access_log: bool = False                  # one JSON line per HTTP request (method, path, status, ms, id)
    otel_exporter: Literal["off", "console", "otlp"] = "off"   # tracing of HTTP requests and SQL
    otel_endpoint: str | None = None          # OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces
    otel_service_name: str = "bangwo"

    @model_validator(mode="after")
    def _absolute_data_dir(self) -> Self:
        self.data_dir = self.data_dir.expanduser().resolve()
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'bangwo.db'}"
        return self

    @model_validator(mode="after")
    def _amap_needs_a_key(self) -> Self:
        if self.geocoder == "amap" and not self.amap_key:
            raise ValueError("BANGWO_GEOCODER=amap needs BANGWO_AMAP_KEY (a 高德 Web 服务 key)")
        return self

    @model_validator(mode="after")
    def _tencent_needs_credentials(self) -> Self:
        needed = (self.tencent_sms_secret_id, self.tencent_sms_secret_key, self.tencent_sms_app_id,
                  self.tencent_sms_sign_name, self.tencent_sms_template_id)
        if self.sms_provider == "tencent" and not all(needed):
            raise ValueError("BANGWO_SMS_PROVIDER=tencent needs BANGWO_TENCENT_SMS_SECRET_ID, _SECRET_KEY, "
                             "_APP_ID, _SIGN_NAME and _TEMPLATE_ID")
        return self
