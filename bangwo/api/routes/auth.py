"""Sign-in: phone and one-time code (sign-up on first use), password, the demo users, the operations admin."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from bangwo.api.auth import PrincipalDep, Role, TokenSigner
from bangwo.api.deps import ServiceDep
from bangwo.api.problem_json import PROBLEM_RESPONSES
from bangwo.domain.commands import TopUp
from bangwo.domain.errors import ForbiddenError, UnauthenticatedError
from bangwo.services import accounts, paying

router = APIRouter(prefix="/api/auth", tags=["auth"], responses=PROBLEM_RESPONSES)

PHONE = Field(pattern=r"^1[3-9]\d{9}$", examples=["13700137000"], description="A mainland mobile number.")


class TokenRequest(BaseModel):
    user_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$", examples=["alice"],
                         description="A demo user (demo login on), or the admin's name with the admin password.")
    password: str | None = Field(default=None, max_length=200, description="Only for the admin role.")


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    user_id: str = Field(description="The token's subject: a user id, or admin:<name> for an admin.")
    role: Role
    expires_at: int


class CodeRequest(BaseModel):
    phone: str = PHONE


class CodeSent(BaseModel):
    sent: bool = True
    expires_in_s: int
    resend_after_s: int


class PhoneSignIn(BaseModel):
    phone: str = PHONE
    code: str = Field(pattern=r"^\d{6}$", description="The 6-digit code sent by SMS.")
    home_city: str = Field(default="", max_length=16, description="A new account's city (default 杭州).")
    invite: str | None = Field(default=None, max_length=32, pattern=r"^[A-Za-z0-9_\-]+$",
                               description="The invite code of the link the person opened.")
    password: str | None = Field(default=None, min_length=8, max_length=200,
                                 description="Optional, for a new account: later logins by password.")


class SignedIn(Token):
    created: bool = Field(description="True when this sign-in created the account.")
    cards_granted: int = 0


class PasswordSignIn(BaseModel):
    phone: str = PHONE
    password: str = Field(min_length=1, max_length=200)


class Options(BaseModel):
    demo_login: bool
    demo_users: list[str]


def _token(signer: TokenSigner, subject: str, role: Role) -> Token:
    token, who = signer.issue(subject, role)
    return Token(access_token=token, user_id=who.subject, role=who.role, expires_at=who.expires_at)


@router.get("/options", response_model=Options)
def options(svc: ServiceDep) -> Options:
    """How people may sign in here: phone and code always; the demo users only while demo login is on."""
    demo = svc.app.settings.demo_login
    return Options(demo_login=demo, demo_users=["alice", "bob"] if demo else [])


@router.post("/codes", response_model=CodeSent, status_code=202)
def send_code(body: CodeRequest, svc: ServiceDep) -> CodeSent:
    """Send a 6-digit code to the phone (valid 5 minutes, one use); a new one replaces the last."""
    app = svc.app
    policy = app.code_policy()
    accounts.send_code(body.phone, store=app.accounts(), sms=app.sms(), clock=app.clock, secret=app.code_secret,
                       policy=policy)
    return CodeSent(expires_in_s=policy.ttl_s, resend_after_s=policy.resend_s)


@router.post("/phone", response_model=SignedIn)
def phone_sign_in(body: PhoneSignIn, request: Request, svc: ServiceDep) -> SignedIn:
    """Log in with the phone's code; a phone without an account signs up (user, first-use cards, invite)."""
    app = svc.app
    cmd = accounts.SignIn(phone=body.phone, code=body.code, invite_code=body.invite, password=body.password,
                          home_city=body.home_city.strip() or app.settings.new_user_home_city)
    done = accounts.sign_in(cmd, store=app.accounts(), uow=app.uow(), clock=app.clock, secret=app.code_secret,
                            policy=app.code_policy(), campaign_id=app.settings.campaign_id, quota=app.quota)
    if done.created and app.settings.new_user_wallet_fen:      # the sandbox funds new wallets (demo only)
        paying.top_up(TopUp(done.user_id, app.settings.new_user_wallet_fen, "demo-card", f"signup:{done.user_id}"),
                      uow=app.uow(), clock=app.clock, gateway=app.gateway)
    token = _token(request.app.state.signer, done.user_id, Role.USER)
    return SignedIn(**token.model_dump(), created=done.created, cards_granted=len(done.cards))


@router.post("/password", response_model=Token)
def password_sign_in(body: PasswordSignIn, request: Request, svc: ServiceDep) -> Token:
    """Log in with the phone and the password set at sign-up (argon2id)."""
    user_id = accounts.password_login(body.phone, body.password, store=svc.app.accounts())
    return _token(request.app.state.signer, user_id, Role.USER)


@router.post("/token", response_model=Token)
def issue_token(body: TokenRequest, request: Request, svc: ServiceDep) -> Token:
    """An admin's token (``admin:<name>``, admin routes only) with the admin password, or a demo user's token
    while demo login is on (`make demo`, `make serve`). Never a user's token for an admin."""
    signer: TokenSigner = request.app.state.signer
    settings = svc.app.settings
    if body.password is not None:
        expected = settings.admin_password
        if not expected or not hmac.compare_digest(body.password.encode(), expected.encode()):
            raise UnauthenticatedError("bad admin password", user_message="管理员密码不对")
        return _token(signer, f"admin:{body.user_id}", Role.ADMIN)
    if not settings.demo_login:
        raise ForbiddenError("demo login is off", user_message="体验登录已关闭，请用手机号登录")
    with svc.app.uow.reader() as uow:
        uow.users.require(body.user_id)
    return _token(signer, body.user_id, Role.USER)


@router.get("/me")
def me(who: PrincipalDep, svc: ServiceDep) -> dict[str, Any]:
    """Who the token names (and the user's name, city and phone account for a user)."""
    body: dict[str, Any] = {"user_id": who.subject, "role": who.role.value, "expires_at": who.expires_at}
    if who.role is Role.USER:
        with svc.app.uow.reader() as uow:
            user = uow.users.get(who.subject)
        body.update(name=user.name, home_city=user.home_city)
    return body
