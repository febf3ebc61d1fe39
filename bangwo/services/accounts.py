"""Accounts: sign-up and login by phone and a one-time code (optional password), and invite codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bangwo.domain import users
from bangwo.domain.cards import Card
from bangwo.domain.errors import CardError, ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError
from bangwo.services import carding, registering
from bangwo.services.carding import CardQuota
from bangwo.services.ports import Account, AccountStore, Clock, SmsSender, UnitOfWork

CODE_DIGITS = 6
_hasher = PasswordHasher()   # argon2id with the library's recommended parameters


@dataclass(frozen=True)
class CodePolicy:
    """How login codes live: minutes valid, wrong tries allowed, the least seconds between two sends."""

    ttl_s: int = 300
    max_attempts: int = 5
    resend_s: int = 30


@dataclass(frozen=True)
class SignIn:
    """A person proves a phone with its code; a phone without an account signs up (city, invite, password)."""

    phone: str
    code: str
    home_city: str = "杭州"
    invite_code: str | None = None
    password: str | None = None


@dataclass(frozen=True)
class SignedIn:
    user_id: str
    created: bool
    cards: tuple[Card, ...] = ()


def hash_code(secret: bytes, phone: str, code: str) -> str:
    """What is stored for a code: HMAC-SHA256 under a server secret (6 digits alone are easy to brute-force)."""
    return hmac.new(secret, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def send_code(phone: str, *, store: AccountStore, sms: SmsSender, clock: Clock, secret: bytes,
              policy: CodePolicy) -> None:
    """A fresh 6-digit code for ``phone`` (replacing any earlier one), stored hashed, then sent by SMS."""
    users.check_phone(phone)
    now = clock.now()
    last = store.code_of(phone)
    if last is not None and not last.used and now < last.created_at + timedelta(seconds=policy.resend_s):
        raise ConflictError(f"code for {phone} sent {now - last.created_at} ago",
                            user_message="验证码刚刚发过，请稍后再试")
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    store.save_code(phone, hash_code(secret, phone, code), at=now, expires_at=now + timedelta(seconds=policy.ttl_s))
    sms.send_code(phone, code, ttl_minutes=max(1, policy.ttl_s // 60))


def check_code(phone: str, code: str, *, store: AccountStore, clock: Clock, secret: bytes,
               policy: CodePolicy) -> None:
    """Use up the code sent to ``phone``; wrong, expired, used or too-often-tried codes raise UnauthenticatedError."""
    now = clock.now()
    given = hash_code(secret, phone, code)
    if store.use_code(phone, given, at=now, max_attempts=policy.max_attempts):
        return
    last = store.code_of(phone)
    if last is None or last.used:
        raise UnauthenticatedError(f"no live code for {phone}", user_message="验证码无效，请重新获取")
    if last.attempts >= policy.max_attempts:
        raise UnauthenticatedError(f"code for {phone} locked", user_message="错误次数太多，请重新获取验证码")
    if now >= last.expires_at:
        raise UnauthenticatedError(f"code for {phone} expired", user_message="验证码已过期，请重新获取")
    store.count_attempt(phone)
    raise UnauthenticatedError(f"wrong code for {phone}", user_message="验证码不对")


def sign_in(cmd: SignIn, *, store: AccountStore, uow: UnitOfWork, clock: Clock, secret: bytes,
            policy: CodePolicy, campaign_id: str | None, quota: CardQuota | None = None) -> SignedIn:
    """Log in the phone's account, or create one: a user, the first-use cards, the invite's reward.

    The phone is claimed first (one row per phone), then the user is made: of two sign-ups racing for one
    phone only the winner makes a user and takes first-use cards. A sign-up cut off between the two is
    finished by the next login (making the user is safe to repeat)."""
    users.check_phone(cmd.phone)
    check_code(cmd.phone, cmd.code, store=store, clock=clock, secret=secret, policy=policy)
    found = store.account_of_phone(cmd.phone)
    if found is not None:
        registering.register_user(_user_of(found.user_id, cmd), uow=uow, clock=clock, campaign_id=campaign_id,
                                  quota=quota)
        return SignedIn(found.user_id, created=False)
    inviter = store.inviter_of_code(cmd.invite_code) if cmd.invite_code else None
    user = _user_of(f"u{secrets.token_hex(6)}", cmd)
    account = Account(phone=cmd.phone, user_id=user.id,
                      password_hash=_hasher.hash(cmd.password) if cmd.password else None,
                      invite_code=cmd.invite_code if inviter is not None else None)
    if not store.add_account(account, at=clock.now()):   # a concurrent twin signed this phone up first: theirs
        twin = store.account_of_phone(cmd.phone)         # wins, and no user is made here
        assert twin is not None
        return SignedIn(twin.user_id, created=False)
    cards = registering.register_user(user, uow=uow, clock=clock, campaign_id=campaign_id, quota=quota)
    if inviter is not None and campaign_id is not None:
        carding.accept_invite(inviter, user.id, campaign_id, uow=uow, clock=clock, quota=quota)
    return SignedIn(user.id, created=True, cards=tuple(cards))


def _user_of(user_id: str, cmd: SignIn) -> users.User:
    return users.User(id=user_id, name=f"用户{cmd.phone[-4:]}", phone=cmd.phone, home_city=cmd.home_city)


def password_login(phone: str, password: str, *, store: AccountStore) -> str:
    """The user id of the account whose argon2 password matches; anything else is one answer."""
    account = store.account_of_phone(phone)
    refused = UnauthenticatedError(f"bad password for {phone}", user_message="手机号或密码不对")
    if account is None or account.password_hash is None:
        _hasher.hash(password)                      # the same work either way: no timing hint of which
        raise refused
    try:
        _hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise refused from None
    return account.user_id


def invite_code(user_id: str, *, store: AccountStore, clock: Clock) -> str:
    """The user's invite code: random, stored the first time it is asked for."""
    return store.invite_code_of(user_id, new_code=secrets.token_urlsafe(12), at=clock.now())


def accept_invite(code: str, user_id: str, *, store: AccountStore, uow: UnitOfWork, clock: Clock,
                  campaign_id: str, quota: CardQuota | None = None) -> list[Card]:
    """Only the account created through ``code`` accepts it (once); the inviter gets the reward."""
    inviter = store.inviter_of_code(code)
    if inviter is None:
        raise NotFoundError(f"no invite code {code!r}", user_message="邀请链接无效")
    if inviter == user_id:
        raise CardError("self invite", user_message="不能邀请自己")
    account = store.account_of_user(user_id)
    if account is None or account.invite_code != code:
        raise ForbiddenError(f"{user_id} did not sign up through {code}",
                             user_message="只有通过这个邀请链接新注册的用户可以接受邀请")
    return carding.accept_invite(inviter, user_id, campaign_id, uow=uow, clock=clock, quota=quota)
