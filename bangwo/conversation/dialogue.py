"""The conversation engine: one message in, one turn out; state persisted per user and conversation."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, assert_never

from bangwo.conversation import context, followups, policy, relaxing, replies, supplier_replies
from bangwo.conversation.policy import Act
from bangwo.conversation.ranking import Decider, Option
from bangwo.conversation.routing import Router
from bangwo.conversation.state import DialogueState, Task
from bangwo.conversation.turns import Turn, order_json
from bangwo.domain import commands, inputs, payments, plans, seating, specs, users, wallets
from bangwo.domain.domains import Domain
from bangwo.domain.errors import (
    AlreadyPaidError,
    BangwoError,
    ConfirmationError,
    ConflictError,
    HoldExpiredError,
    InsufficientBalanceError,
    PaymentError,
)
from bangwo.domain.frames import Frame, ProfileDefaults, missing_slots, profile_value
from bangwo.domain.listings import Address, GeoPoint, QuoteRequest
from bangwo.domain.orders import Order, OrderStatus
from bangwo.domain.users import User
from bangwo.services import checkout, paying, placing, seats, supplying
from bangwo.services.ports import (
    CardClaims,
    Catalog,
    Clock,
    Geocoder,
    PaymentGateway,
    SupplierOrders,
    SupplierRoutes,
    SupplierUnavailableError,
    TopUps,
    UnitOfWorkFactory,
)
from bangwo.understanding import numerals
from bangwo.understanding import seats as seats_cue
from bangwo.understanding import wallet as wallet_cue
from bangwo.understanding.parse import Engine
from bangwo.understanding.readings import Reading

MAX_TEXT = 500
MAX_COUNT_ANSWER = 99
_COUNT_ANSWER = re.compile(rf"^(?:要|买|订|来)?({numerals.NUM})\s*(?:杯|份|张|个|位|间|人|件|箱|瓶|盒|袋|斤|只)?(?:吧|就行|就好)?$")


@dataclass
class Conversation:
    """Understand -> decide -> confirm -> pay, with clarification, corrections and follow-ups."""

    understanding: Engine
    catalog: Catalog
    uow: UnitOfWorkFactory
    clock: Clock
    campaign_id: str | None = None
    router: Router | None = None   # the LLM planner behind the router (issue 7); None: embedded only
    gateway: PaymentGateway | None = None     # charges a shortfall to the user's saved bank card
    topups: TopUps | None = None               # records card top-ups so they can be refunded to the card
    secret: bytes = b"bangwo-consent"          # signs consents (bootstrap passes the configured secret)
    hold_minutes: int = 15
    max_open_holds: int = 5                    # unpaid orders one person may hold at once (abuse control)
    geocoder: Geocoder | None = None           # places typed in a message (送到天目山路200号); docs/places.md
    claims: CardClaims | None = None           # the Redis claim store when configured: chat claims go through it
    suppliers: SupplierRoutes | None = None    # merchants sold live by an outside supplier (docs/catalog.md)
    supplier_links: SupplierOrders | None = None

    @property
    def decider(self) -> Decider:
        return Decider(self.catalog, self.uow, self.clock, self.geocoder)

    @property
    def followups(self) -> followups.FollowUps:
        return followups.FollowUps(self.uow, self.clock, self.campaign_id, self.claims)

    # ---- entry point ----------------------------------------------------------------------------

    def handle(self, user_id: str, text: str, *, conversation_id: str = "default",
               consent: str | None = None, message_id: str | None = None) -> Turn:
        """Process one message in one transaction: the state and the money it moves commit together.

        Turns of one conversation run one after another (the conversation row is locked), so a reply
        always describes what the database holds. ``consent`` is the token of the confirmation card a
        button was pressed on; a typed 确认 binds to the last card shown. ``message_id`` (the client's, optional)
        makes a retry safe: the last message's id sent again returns the turn it got, and runs nothing.
        """
        users.check_user_id(user_id)
        users.check_user_id(conversation_id)
        clean = " ".join(inputs.clean_text(text).split())
        now = self.clock.now()
        with self.uow() as uow:
            user, raw, version = uow.conversations.open_turn(user_id, conversation_id, at=now)
            state = DialogueState.from_json(raw) if raw else DialogueState()
            if message_id and state.replay and state.replay.get("id") == message_id:
                return Turn(**state.replay["turn"])       # a retry of the last message: nothing runs twice
            touched = _orders_of(state)
            plain = set(state.plain_orders)
            state.turn_no += 1
            engine = replace(self, uow=uow.within())
            try:
                turn = engine._turn(state, user, self.understanding.normalizer.clean(clean), conversation_id,
                                    consent) if 0 < len(clean) <= MAX_TEXT else \
                    Turn(replies.too_long() if clean else replies.empty(), cards=state.cards, outcome="chat")
            except BangwoError as exc:
                turn = Turn(exc.user_message, awaiting=state.awaiting, cards=state.cards, outcome=f"error:{exc.code}")
            turn.awaiting = state.awaiting
            plain |= set(state.plain_orders)
            state.plain_orders = sorted(plain & _orders_of(state))   # only what a later turn may still move
            state.replay = {"id": message_id, "turn": vars(turn).copy()} if message_id else None
            uow.conversations.close_turn(user_id, conversation_id, state.to_json(), version=version, at=now,
                                         text=clean[:MAX_TEXT],
                                         domains=",".join(sorted({f["domain"] for f in turn.frames})),
                                         outcome=turn.outcome, reply=turn.to_json())
            uow.commit()
        if self.suppliers is not None:
            shown = {str(o["id"]) for o in turn.orders if o.get("id")}
            self._settle_suppliers(turn, (touched | _orders_of(state) | shown) - plain)
        if self.router is not None:
            self.router.tally.settle((user_id, conversation_id), outcome=turn.outcome)
        return turn

    def _orders_json(self, order_ids: list[str]) -> list[dict[str, Any]]:
        with self.uow() as uow:
            return [order_json(uow.orders.get(order_id)) for order_id in order_ids]

    def _settle_suppliers(self, turn: Turn, order_ids: set[str]) -> None:
        """Confirm or cancel at the supplier what this turn paid, released or refunded: after the turn's
        transaction committed, so no database transaction waits on the network (docs/catalog.md, "Live
        orders"). A refusal after payment refunds the order; an unreachable supplier is tried again on the
        next turn. The reply says so."""
        if not order_ids or self.suppliers is None or self.supplier_links is None:
            return
        settled = checkout.settle_suppliers(sorted(order_ids), suppliers=self.suppliers, links=self.supplier_links,
                                            uow=self.uow, clock=self.clock)
        refunded = self._orders_json([oid for oid, done in settled.items() if done is supplying.Settled.REFUNDED])
        pending = {oid for oid, done in settled.items() if done is supplying.Settled.PENDING}
        shown = {o.get("id") for o in turn.orders}
        if refunded:
            note = supplier_replies.refused([(o["id"], o["refunded_fen"]) for o in refunded])
            now_paid = shown & {o["id"] for o in refunded}
            turn.reply = note if now_paid else turn.reply + note
            if now_paid:
                turn.outcome = "error:supplier_refused"
            by_id = {o["id"]: o for o in refunded}
            turn.orders = [by_id.get(o.get("id", ""), o) for o in turn.orders]
        if shown & pending:
            turn.reply += supplier_replies.pending()

    def _turn(self, state: DialogueState, user: User, text: str, conv: str, consent: str | None) -> Turn:
        if state.topup is not None and consent is not None:   # a button on an earlier card answers that card
            self._lapse_top_up(state)
        action = policy.decide(state, text)
        if state.topup is not None and action.act not in policy.TOP_UP_ACTS:
            self._lapse_top_up(state)          # the top-up offer lapses: the message is read as usual
            action = policy.decide(state, text)
        match action.act:
            case Act.REFUSE:
                waiting = state.awaiting in ("select", "confirm")
                return Turn(replies.injection(state.awaiting if waiting else None),
                            cards=state.cards if waiting else [], outcome="refused")
            case Act.DECLINE:
                return self._decline(state, user, conv)
            case Act.CONFIRM:
                return self._confirm(state, user, conv, consent)
            case Act.SELECT:
                return self._select(state, user, conv, index=action.index, rank_by=action.rank_by)
            case Act.ASK_WHICH:
                return Turn(replies.pick_first(len(state.cards)), cards=state.cards)
            case Act.OTHER:
                assert state.task is not None
                state.task.excluded.extend(c["_merchant_id"] for c in state.cards if c.get("_merchant_id"))
                self._release(state, user)
                return self._advance(state, user, conv)
            case Act.ALREADY_PAID:
                assert state.last_order_id is not None
                return Turn(replies.already_paid(state.last_order_id), outcome="duplicate_confirm")
            case Act.NOTHING_TO_CONFIRM:
                return Turn(replies.nothing_to_confirm())
            case Act.ASK_AGAIN:
                return Turn(replies.ask((state.awaiting or "slot:").split(":", 1)[1]), outcome="clarify")
            case Act.PAID_NOT_CANCELLED:
                assert state.last_order_id is not None
                return Turn(replies.decline_after_paid(state.last_order_id), outcome="paid_already")
            case Act.RESEAT:
                wish = seats_cue.read(text) or seating.SeatWish()
                if state.awaiting == "select":
                    return self._seat_wish(state, user, conv, wish)
                return self._reseat(state, user, wish, key=f"chat-seat:{conv}:{state.turn_no}")
            case Act.TOP_UP:
                return self._top_up(state, user)
            case Act.DECLINE_TOP_UP:
                self._lapse_top_up(state)
                return self._after_top_up(state, replies.wallet_topup_declined(), outcome="declined")
            case Act.TOP_UP_AMOUNT:
                self._lapse_top_up(state)
                return self._offer_top_up(state, user, wallet_cue.answer_yuan(text), conv)
            case Act.UNDERSTAND:
                return self._in_context(state, user, text, conv) or self._request(state, user, text, conv)
            case _:
                assert_never(action.act)

    # ---- new requests ---------------------------------------------------------------------------

    def _request(self, state: DialogueState, user: User, text: str, conv: str) -> Turn:
        understood = self.understanding.understand(text, now=self.clock.now(), profile=_profile(user))
        frames = understood.frames
        topup = next((f for f in frames if f.domain == "account" and f.intent == wallet_cue.INTENT), None)
        if topup is not None:   # the person's own wallet (not a phone top-up); a held order stays held
            turn = self._offer_top_up(state, user, topup.slots.get("amount"), conv)
            turn.frames = [f.to_json() for f in frames]
            return turn
        if self.router is not None:
            planned = self.router.consult(frames, text, user=user, profile=_profile(user), key=(user.id, conv),
                                          uow=self.uow)
            if isinstance(planned, str):   # the model asked anew: a yes answers it, never the old offer
                held = any(t.order_id for t in state.tasks)
                self._release(state, user, everything=True)
                state.reset()
                return Turn((replies.pending_dropped() if held else "") + planned, [f.to_json() for f in frames],
                            outcome="planner")
            frames = planned if planned is not None else frames
        frame_json = [f.to_json() for f in frames]
        orders_first = [f for f in frames if f.intent == "order"]
        if followups.is_repeat(text) and (self._last_takeout(user) is not None or not orders_first):
            return self._repeat(state, user, conv, frame_json)
        if orders_first:
            self._release(state, user, everything=True)
            state.reset()
            state.tasks = [Task(f.domain, f.intent, dict(f.slots), needs=list(f.needs)) for f in orders_first]
            refused = _ask_refused_counts(state.tasks, orders_first)
            turn = self._advance(state, user, conv)
            turn.reply = (replies.refused_count(refused) if refused else "") + turn.reply
            turn.frames = frame_json
            return turn
        info = next((f for f in frames if f.intent == "info"), None)
        if info is not None:
            turn = self._info(state, user, info, conv)
            turn.frames = frame_json
            return turn
        account = next((f for f in frames if f.domain == "account"), None)
        if account is not None:
            turn = self.followups.answer(user, account, key=f"chat:{user.id}:{conv}:{state.turn_no}")
            turn.frames = frame_json
            return turn
        lowered = text.lower()
        reply = replies.greeting() if any(w in lowered for w in replies.GREETING_WORDS) \
            else replies.polite_refusal()
        if state.awaiting == "confirm" and state.cards:   # keep the pending deal in sight
            return Turn(reply + replies.still_pending(state.cards[0]), frame_json, cards=state.cards)
        return Turn(reply, frame_json)

    def _info(self, state: DialogueState, user: User, frame: Frame, conv: str) -> Turn:
        """A question about a thing (门票多少钱, 几点开门, 还有票吗): answer from the catalog, then offer to order."""
        ask = str(frame.slots.get("ask") or "other")
        slots = {k: v for k, v in frame.slots.items() if k != "ask"}
        self._release(state, user, everything=True)
        state.reset()
        state.tasks = [Task(frame.domain, "order", slots)]
        anchored = _anchored(Frame(frame.domain, "order", slots))
        found = self.decider.decide_or_relax(frame.domain, slots, user=user, excluded=[]) if anchored else None
        turn = self._advance(state, user, conv)
        if found is None or not found.options:
            return turn
        first = found.options[0]
        answer = replies.info_answer(ask, title=first.listing.title, price_fen=first.listing.price_fen,
                                     attrs=first.listing.attrs)
        turn.reply = answer + (replies.offer_to_order() if turn.cards else turn.reply)
        turn.outcome = "info"
        return turn

    def _advance(self, state: DialogueState, user: User, conv: str) -> Turn:
        """Work on the current task: ask for what is missing, or offer options."""
        task = state.task
        if task is None or missing_slots(Frame(task.domain, task.intent, dict(task.slots), needs=tuple(task.needs)),
                                         _profile(user)):
            return self._advance_task(state, user, conv, note="")
        asked, note = self._saved_places(task, user)
        if asked:
            task.status = "collecting"
            state.awaiting, state.cards = f"slot:{asked[0]}", []
            return Turn(note + replies.where_is(task.remember[asked[0]]), outcome="clarify")
        return self._advance_task(state, user, conv, note=note)

    def _advance_task(self, state: DialogueState, user: User, conv: str, *, note: str) -> Turn:
        turn = self._offer_or_ask(state, user, conv)
        turn.reply = note + turn.reply
        return turn

    def _offer_or_ask(self, state: DialogueState, user: User, conv: str) -> Turn:
        task = state.task
        if task is None:
            state.awaiting = None
            return Turn(replies.nothing_to_confirm())
        frame = Frame(task.domain, task.intent, dict(task.slots), needs=tuple(task.needs))
        missing = missing_slots(frame, _profile(user)) or _unasked(frame, _profile(user))
        if missing:
            task.status = "collecting"
            state.awaiting = f"slot:{missing[0]}"
            state.cards = []
            return Turn(replies.ask(missing[0]), outcome="clarify")
        decision = self.decider.decide_or_relax(task.domain, task.slots, user=user, excluded=task.excluded)
        if not decision.options:
            question = self._question(task, user, decision.problems)
            if question is not None:   # never a dead end: ask the one thing that would help (holds kept)
                wished = dict(task.slots)
                task.slots.pop(question.slot, None)
                task.suggested = list(question.names)
                task.status = "collecting"
                state.awaiting, state.cards = f"slot:{question.slot}", []
                return Turn(replies.ask_instead(task.domain, wished, decision.problems, question.slot,
                                                question.value, question.names), outcome="clarify")
            held_before = any(t.order_id for t in state.tasks if t is not task)
            if held_before:   # a plan is paid whole or not at all: release the legs already held
                self._release(state, user, everything=True)
            released = replies.plan_released() if held_before else ""
            state.awaiting = None
            task.status = "dropped"
            reply = replies.nothing_found(task.domain, task.slots, decision.problems)
            closed = any(replies.CLOSED_MARK in p for p in decision.problems)   # the hours are the next step
            return Turn(reply + released, outcome="next_step" if closed else "no_offer")
        task.status = "choosing"
        allotted = checkout.price(user.id, state.plan_id, state.current,
                                  [option.offer.total_fen for option in decision.options],
                                  uow=self.uow(), clock=self.clock)
        state.cards = [self._card(i + 1, option, allotment)
                       for i, (option, allotment) in enumerate(zip(decision.options, allotted, strict=True))]
        state.awaiting = "select"
        prefix = self._leg_prefix(state)
        if decision.then is not None:   # a connection: this task becomes its first leg, the second follows
            task.slots = {**task.slots, "to_city": decision.then["from_city"]}     # A → hub
            state.tasks.insert(state.current + 1, Task(task.domain, task.intent, dict(decision.then)))
            prefix = self._leg_prefix(state)
        if decision.changed:   # nothing matched every wish: say what was given up, on the reply and the cards
            for card in state.cards:
                card["changed"] = list(decision.changed)
            found = replies.relaxed(decision.changed) + replies.found(card_domain(state.cards), task.slots,
                                                                      len(state.cards))
            return Turn(prefix + found, cards=state.cards, outcome="offered")
        return Turn(prefix + replies.with_problems(replies.found(task.domain, task.slots, len(state.cards)),
                                                   decision.problems if task.excluded == [] else []),
                    cards=state.cards, outcome="offered")

    def _saved_places(self, task: Task, user: User) -> tuple[list[str], str]:
        """家 / 公司 / 宿舍…: the person's saved place, or one question (remembered once answered).

        Returns the slot to ask about (if any) and a note on what was remembered this turn."""
        note = ""
        for slot in PLACE_SLOTS:
            value = task.slots.get(slot)
            label = task.remember.get(slot)
            if label is not None and isinstance(value, str) and users.place_label(value) is None:
                address = placing.set_place(user.id, label, value, uow=self.uow(), clock=self.clock,
                                            geocoder=self.geocoder)
                task.slots[slot] = address.text
                del task.remember[slot]
                note += replies.place_remembered(label, address.text)
                continue
            said = users.place_label(value) if isinstance(value, str) else None
            if said is None:
                continue
            known = placing.places_of(user.id, uow=self.uow()).get(said[0])
            if known is not None:
                task.slots[slot] = f"{known.text}{said[1]}" if said[1] else known.text
                continue
            task.remember[slot] = said[0]
            task.slots.pop(slot, None)
            return [slot], note
        return [], note

    def _question(self, task: Task, user: User, problems: list[str]) -> relaxing.Question | None:
        """What to ask when nothing was found: for a film, what is showing instead; else the closest names."""
        question = relaxing.question(task.domain, task.slots, problems, self.catalog.vocabulary())
        if question is not None and task.domain == "movie" and question.slot == "movie":
            others = {k: v for k, v in task.slots.items() if k not in ("movie", "format", "time", "time_window")}
            showing = self.decider.decide_or_relax("movie", others, user=user, excluded=[])
            titles = tuple(dict.fromkeys(str(o.listing.attrs.get("movie")) for o in showing.options))
            question = relaxing.Question("movie", question.value, titles or question.names)
        return question

    def _leg_prefix(self, state: DialogueState) -> str:
        return replies.leg_prefix(state.current + 1, len(state.tasks))

    def _card(self, ref: int, option: Option, allotment: plans.Allotment) -> dict[str, Any]:
        offer = option.offer
        discount = allotment.discount_fen
        request = option.request
        return {
            "ref": ref, "kind": "offer", "domain": offer.domain.value, "title": offer.title,
            "merchant": offer.merchant_name, "price_fen": offer.subtotal_fen, "fees_fen": offer.fees_fen,
            "discount_fen": discount, "pay_fen": offer.total_fen - discount,
            "coupon": replies.coupon(allotment.card.value_fen) if allotment.card is not None else None,
            "policy": offer.policy.summary_zh, "eta_minutes": offer.details.get("eta_minutes"),
            "options": dict(option.request.options), "why": option.why,
            "seats": [s.rsplit("/", 1)[1] for s in offer.seats], **_seat_classes(option),
            **({"where": replies.deliver_to(request.address.text)} if request.address else {}),
            "_merchant_id": offer.merchant_id,
            "_request": {"domain": request.domain.value, "ref": request.ref, "quantity": request.quantity,
                         "options": dict(request.options),
                         "address": _address_json(request.address)},
        }

    # ---- choosing, confirming, declining --------------------------------------------------------

    def _select(self, state: DialogueState, user: User, conv: str, *, index: int | None,
                rank_by: str | None) -> Turn:
        task = state.task
        if task is None or not state.cards:
            return Turn(replies.nothing_to_confirm())
        card = _choose(state.cards, index=index, rank_by=rank_by)
        if card is None:
            return Turn(replies.pick_range(len(state.cards)), cards=state.cards)
        self._release(state, user)
        raw = card["_request"]
        request = QuoteRequest(Domain(raw["domain"]), raw["ref"], raw["quantity"], raw["options"],
                               _address_from(raw.get("address")))
        try:
            offer = self.decider.requote(request, seats=card.get("seats") or None)
            held = checkout.hold(user.id, state.plan_id, state.current, offer,     # no plan yet: opened with it
                                 key=f"chat:{conv}:{state.turn_no}:{card['ref']}", hold_minutes=self.hold_minutes,
                                 uow=self.uow(), clock=self.clock, max_open_holds=self.max_open_holds,
                                 suppliers=self.suppliers, links=self.supplier_links)
            state.plan_id = held.plan.id
            if held.supplier is None and not held.order.details.get("supplier"):
                state.plain_orders.append(held.order.id)   # no supplier link: nothing to settle after turns
        except SupplierUnavailableError as exc:      # the supplier is down: offer another merchant, or a retry
            task.excluded.append(card["_merchant_id"])
            turn = self._advance(state, user, conv)
            turn.reply = supplier_replies.down(exc.user_message, turn.reply, alternative=bool(turn.cards))
            return turn
        except ConflictError as exc:
            if task.domain in ("takeout", "grocery"):
                task.excluded.append(card["_merchant_id"])      # the shop is closed or too far
            elif task.domain != "movie":                        # movie seats are simply picked again
                task.excluded.append(raw["ref"])
            turn = self._advance(state, user, conv)
            turn.reply = f"{exc.user_message}。{turn.reply}"
            return turn
        task.status, task.order_id = "confirming", held.order.id
        shown = self._confirm_cards(card, held, state, user)
        task.pay_fen = shown[0]["pay_fen"]
        state.cards = shown
        state.awaiting = "confirm"
        text = replies.confirm_card(shown[0]) if len(shown) == 1 else replies.confirm_plan(shown[0], shown[1])
        was = held.order.details.get("supplier_price_was_fen")
        if isinstance(was, int):                    # the supplier's live price differs from the list: say so
            text = supplier_replies.repriced(was, held.order.total_fen - int(held.order.details.get("fees_fen", 0)))\
                + text
        return Turn(self._leg_prefix(state) + text, cards=shown, outcome="held")

    def _confirm_cards(self, card: dict[str, Any], held: checkout.Held, state: DialogueState,
                       user: User) -> list[dict[str, Any]]:
        """The cards the person confirms: this leg's, and on the last leg of several the plan's (spec/chat.md:
        the card whose 确认 pays shows exactly what it takes: a leg's ``pay_fen``, or the plan's total)."""
        order, plan, leg = held.order, held.plan, held.leg
        last = state.current + 1 >= len(state.tasks)
        consent = None
        if last:
            plan, consent = checkout.consent(user.id, plan.id, uow=self.uow(), clock=self.clock, secret=self.secret)
            leg = plan.leg(leg.position) or leg
        fees = int(order.details.get("fees_fen", 0))
        same_card = held.allotment.card is not None and leg.card_id == held.allotment.card_id
        coupon = replies.coupon(held.allotment.card.value_fen) if same_card and held.allotment.card else \
            replies.coupon(None)
        body = {**card, "kind": "confirm", "order_id": order.id, "price_fen": order.total_fen - fees,
                "fees_fen": fees, "discount_fen": leg.discount_fen, "pay_fen": leg.pay_fen,
                "coupon": coupon if leg.discount_fen else None,
                "spec": replies.spec(order.details, order.lines),
                "hold_expires_at": order.hold_expires_at.isoformat() if order.hold_expires_at else None,
                "pays": consent is not None}
        if consent is None:
            return [body]
        state.consent = consent.to_json()
        if len(plan.legs) > 1:   # one 确认 pays every leg: the plan card carries the total and the consent
            body.update(pays=False, in_plan=True)
            return [body, self._plan_card(plan, consent)]
        body.update(self._consent_fields(plan, consent))
        return [body]

    def _consent_fields(self, plan: plans.Plan, consent: plans.Consent) -> dict[str, Any]:
        return {"total_pay_fen": consent.pay_fen, "consent": consent.token, "plan_id": plan.id,
                "legs": [{"title": leg.title, "order_id": leg.order_id, "total_fen": leg.total_fen,
                          "discount_fen": leg.discount_fen, "pay_fen": leg.pay_fen} for leg in plan.legs]}

    def _plan_card(self, plan: plans.Plan, consent: plans.Consent) -> dict[str, Any]:
        """The card whose 确认 pays every leg of the plan: the legs, the total, the consent."""
        return {"ref": 1, "kind": "plan", "domain": plan.legs[0].domain, "title": replies.plan_title(len(plan.legs)),
                "merchant": "", "price_fen": plan.total_fen, "fees_fen": 0, "discount_fen": plan.discount_fen,
                "pay_fen": plan.pay_fen, "coupon": replies.coupon(plan.discount_fen) if plan.discount_fen else None,
                "policy": replies.plan_policy(), "pays": True, "seats": [],
                "hold_expires_at": plan.expires_at.isoformat() if plan.expires_at else None,
                **self._consent_fields(plan, consent)}

    def _confirm(self, state: DialogueState, user: User, conv: str, token: str | None) -> Turn:
        task = state.task
        if task is None or task.order_id is None or state.plan_id is None:
            return Turn(replies.nothing_to_confirm())
        if state.current + 1 < len(state.tasks):
            checkout.confirm_leg(user.id, state.plan_id, state.current, uow=self.uow(), clock=self.clock)
            task.status = "confirmed"
            state.current += 1
            turn = self._advance(state, user, conv)
            if turn.outcome != "no_offer":
                turn.reply = replies.leg_confirmed(state.current) + turn.reply
            return turn
        shown = plans.Consent.from_json(state.consent) if state.consent else None
        if shown is None:
            return self._reconsent(state, user)
        given = replace(shown, token=token) if token else shown
        key = f"chat-pay:{conv}:{state.plan_id}"
        note = ""
        try:
            paid = checkout.pay(user.id, state.plan_id, given, key=key, uow=self.uow(), clock=self.clock,
                                secret=self.secret)
        except ConfirmationError:
            return self._reconsent(state, user)
        except HoldExpiredError:
            return self._start_over(state, user, conv)
        except AlreadyPaidError as exc:
            state.reset()
            return Turn(exc.user_message, outcome="duplicate_confirm")
        except InsufficientBalanceError:
            with self.uow() as uow:
                balance = uow.ledger.balance(payments.wallet_account(user.id))
            short = max(shown.pay_fen - balance, 1)
            if user.payment_token is None or self.gateway is None:
                return Turn(replies.balance_short(balance, short), cards=state.cards, outcome="error:balance")
            try:
                paying.top_up(commands.TopUp(user.id, short, user.payment_token,
                                             f"chat-topup:{conv}:{state.plan_id}:{state.turn_no}"),
                              uow=self.uow(), clock=self.clock, gateway=self.gateway, topups=self.topups)
            except PaymentError as exc:
                return Turn(replies.payment_declined(exc.user_message), cards=state.cards,
                            outcome=f"error:{exc.code}")
            paid = checkout.pay(user.id, state.plan_id, given, key=key, uow=self.uow(), clock=self.clock,
                                secret=self.secret)
            note = replies.shortfall_charged(short)
        for t in state.tasks:
            t.status = "done"
        state.last_order_id = paid[-1].id
        state.reset()
        bodies = [order_json(o) for o in paid]
        text = note + (replies.paid(bodies[0]) if len(bodies) == 1 else
                       replies.paid_plan(len(bodies), sum(o.paid_fen for o in paid), [o.title for o in paid]))
        return Turn(text, orders=bodies, outcome="paid")

    def _reconsent(self, state: DialogueState, user: User) -> Turn:
        """The plan changed under the card shown (a card used elsewhere, a new price): show it again, pay nothing."""
        assert state.plan_id is not None
        previous = plans.Consent.from_json(state.consent).pay_fen if state.consent else None
        plan, consent = checkout.consent(user.id, state.plan_id, uow=self.uow(), clock=self.clock, secret=self.secret)
        state.consent = consent.to_json()
        cards = []
        for card in state.cards:
            leg = next((x for x in plan.legs if x.order_id == card.get("order_id")), None)
            if leg is not None:
                card = {**card, "discount_fen": leg.discount_fen, "pay_fen": leg.pay_fen}
            if card.get("kind") == "plan":
                card = self._plan_card(plan, consent)
            elif card.get("pays"):
                card = {**card, **self._consent_fields(plan, consent)}
            cards.append(card)
        state.cards = cards
        task = state.task
        if task is not None:
            task.status = "confirming"
        changed = previous is not None and previous != consent.pay_fen
        return Turn(replies.amount_changed(consent.pay_fen) if changed else replies.confirm_again(consent.pay_fen),
                    cards=state.cards, outcome="error:amount_changed")

    def _start_over(self, state: DialogueState, user: User, conv: str) -> Turn:
        """A hold ran out before the user confirmed: release the plan and offer its first leg again."""
        self._release(state, user, everything=True)
        state.current = 0
        for t in state.tasks:
            t.status, t.card_id = "collecting", None
        turn = self._advance(state, user, conv)
        turn.reply = replies.hold_expired() + turn.reply
        turn.outcome = "error:hold_expired"
        return turn

    def _decline(self, state: DialogueState, user: User, conv: str) -> Turn:
        confirmed = [t for t in state.tasks[:state.current] if t.status == "confirmed" and t.order_id]
        task = state.task
        if confirmed and task is not None and state.plan_id is not None:
            return self._keep_confirmed(state, user, task)
        released = self._release(state, user, everything=True)
        if released is not None and released.paid:
            paid_id = next((t.order_id for t in state.tasks if t.order_id), "")
            state.reset()
            state.last_order_id = paid_id or None
            return Turn(replies.decline_after_paid(paid_id), outcome="paid_already")
        state.reset()
        state.last_order_id = None   # a later bare 确认 must not talk about an older payment
        return Turn(replies.declined(), outcome="declined")

    def _keep_confirmed(self, state: DialogueState, user: User, task: Task) -> Turn:
        """Declining a later leg keeps the confirmed ones in view: one question, pay them or drop all."""
        assert state.plan_id is not None
        dropped = [t.domain for t in state.tasks[state.current:]]
        checkout.release(user.id, state.plan_id, list(range(state.current, len(state.tasks))), uow=self.uow(),
                         clock=self.clock)
        state.tasks = state.tasks[:state.current]
        state.current = len(state.tasks) - 1
        plan, consent = checkout.consent(user.id, state.plan_id, uow=self.uow(), clock=self.clock, secret=self.secret)
        card = self._plan_card(plan, consent)
        state.consent = consent.to_json()
        state.cards = [card]
        state.awaiting = "confirm"
        what = replies.wishes(dropped[0], task.slots) if dropped else ""
        return Turn(replies.keep_confirmed(what, card), cards=[card], outcome="held")

    def _release(self, state: DialogueState, user: User, *, everything: bool = False) -> checkout.Released | None:
        """Cancel held, unpaid orders of the current task (or of the whole plan)."""
        if state.plan_id is None:
            return None
        targets = state.tasks if everything else [t for t in [state.task] if t is not None]
        released = checkout.release(user.id, state.plan_id, None if everything else [state.current],
                                    uow=self.uow(), clock=self.clock)
        if released.paid:
            return released
        for task in targets:
            if task.status in ("confirming", "confirmed", "choosing"):
                task.status = "choosing"
            task.order_id, task.pay_fen = None, None
        if everything:
            state.plan_id, state.consent = None, None
        return released

    # ---- cinema seats ---------------------------------------------------------------------------

    def change_seats(self, user_id: str, order_id: str, codes: list[str], *, key: str,
                     conversation_id: str = "default") -> Turn:
        """The seat map's 换座: move the held order ``order_id`` of this conversation to ``codes`` in one turn
        (state, seats and money-to-pay commit together); the same ``key`` returns the same seats."""
        users.check_user_id(user_id)
        users.check_user_id(conversation_id)
        now = self.clock.now()
        text = replies.seats_asked(seating.label(codes)) if codes else ""
        with self.uow() as uow:
            user, raw, version = uow.conversations.open_turn(user_id, conversation_id, at=now)
            state = DialogueState.from_json(raw) if raw else DialogueState()
            task = state.task
            retried = uow.orders.by_idempotency_key(user_id, f"seat-map:{key}")   # its answer may have been lost
            if task is None or task.order_id not in (order_id, retried.id if retried else None):
                raise ConflictError(f"{order_id} is not the held order of conversation {conversation_id}",
                                    user_message="这张确认卡已经过期，请看最新的确认卡再换座位")
            state.turn_no += 1
            engine = replace(self, uow=uow.within())
            turn = engine._move_seats(state, user, seating.SeatWish(codes=tuple(codes)), key=f"seat-map:{key}")
            turn.awaiting = state.awaiting
            uow.conversations.close_turn(user_id, conversation_id, state.to_json(), version=version, at=now,
                                         text=text, domains="movie", outcome=turn.outcome, reply=turn.to_json())
            uow.commit()
        return turn

    def _seat_wish(self, state: DialogueState, user: User, conv: str, wish: seating.SeatWish) -> Turn:
        """A seat wish while showings are offered: a preference searches again; exact seats wait for a showing."""
        task = state.task
        assert task is not None
        if wish.preference is None:
            said = seating.label(wish.codes) if wish.codes else ""
            return Turn(replies.pick_showing_first(said), cards=state.cards, outcome="clarify")
        task.slots["seat"] = wish.preference
        return self._advance(state, user, conv)

    def _reseat(self, state: DialogueState, user: User, wish: seating.SeatWish, *, key: str) -> Turn:
        """换座位 said in chat: a refused change is the reply, the card shown stays."""
        try:
            return self._move_seats(state, user, wish, key=key)
        except BangwoError as exc:
            return Turn(exc.user_message, cards=state.cards, outcome=f"error:{exc.code}")

    def _move_seats(self, state: DialogueState, user: User, wish: seating.SeatWish, *, key: str) -> Turn:
        """Other seats for the held cinema order: the checkout swaps them, the card and its consent are new."""
        task = state.task
        card = next((c for c in state.cards if c.get("kind") == "confirm"), None)
        if task is None or task.order_id is None or state.plan_id is None or card is None:
            return Turn(replies.nothing_to_reseat(), cards=state.cards)
        done = seats.change_seats(user.id, state.plan_id, task.order_id, wish, key=key, catalog=self.catalog,
                                  uow=self.uow(), clock=self.clock)
        if done.held is None or done.held.order.id == task.order_id:   # the seats it has, or a retry
            return Turn(replies.same_seats(seating.label(done.after)), cards=state.cards, outcome="held")
        after = list(done.after)
        request = {**card["_request"], "options": {**card["_request"]["options"], "seats": after}}
        task.order_id = done.held.order.id
        shown = self._confirm_cards({**card, "seats": after, "_request": request}, done.held, state, user)
        task.pay_fen, state.cards, state.awaiting = shown[0]["pay_fen"], shown, "confirm"
        text = replies.confirm_card(shown[0]) if len(shown) == 1 else replies.confirm_plan(shown[0], shown[1])
        return Turn(replies.seats_changed(seating.label(done.before), seating.label(done.after),
                                          couple=done.couple) + text,
                    cards=shown, outcome="held")

    # ---- wallet top-up ---------------------------------------------------------------------------

    def _offer_top_up(self, state: DialogueState, user: User, amount: Any, conv: str) -> Turn:
        """钱包充200: say the amount and the balance it makes; nothing is charged before the 确认."""
        if self.gateway is None or user.payment_token is None:
            return self._after_top_up(state, replies.wallet_no_card(), outcome="account")
        fen = wallets.topup_fen(float(amount)) if isinstance(amount, int | float) else None
        state.topup = {"amount_fen": None, "awaiting": state.awaiting, "key": f"chat-wallet:{conv}:{state.turn_no}"}
        if fen is None or not wallets.topup_allowed(fen):
            state.awaiting = "slot:amount"
            asked = replies.wallet_topup_amount() if fen is None else \
                replies.wallet_topup_range(wallets.TOPUP_MIN_FEN, wallets.TOPUP_MAX_FEN)
            return Turn(asked, outcome="clarify")
        with self.uow() as uow:
            balance = uow.ledger.balance(payments.wallet_account(user.id))
        state.topup["amount_fen"] = fen
        state.awaiting = "confirm"
        return Turn(replies.wallet_topup_offer(fen, balance), cards=[_topup_card(fen)], outcome="account")

    def _top_up(self, state: DialogueState, user: User) -> Turn:
        """The 确认 of a wallet top-up: the bank card is charged through the gateway, once for its key."""
        pending = state.topup or {}
        self._lapse_top_up(state)
        fen, key = int(pending["amount_fen"]), str(pending["key"])
        if self.gateway is None or user.payment_token is None:
            return self._after_top_up(state, replies.wallet_no_card(), outcome="account")
        try:
            balance = paying.top_up(commands.TopUp(user.id, fen, user.payment_token, key), uow=self.uow(),
                                    clock=self.clock, gateway=self.gateway, topups=self.topups)
        except PaymentError as exc:
            turn = Turn(replies.payment_declined(exc.user_message), outcome=f"error:{exc.code}")
            turn.frames = [{"domain": "account", "intent": wallet_cue.INTENT, "slots": {}}]   # filed as a top-up
            return turn
        return self._after_top_up(state, replies.wallet_topup_done(fen, balance), outcome="topped_up")

    def _lapse_top_up(self, state: DialogueState) -> None:
        """Forget the pending top-up and wait again for what was awaited before it."""
        if state.topup is not None:
            state.awaiting = state.topup.get("awaiting")
            state.topup = None

    def _after_top_up(self, state: DialogueState, text: str, *, outcome: str) -> Turn:
        """A top-up step's reply; a deal waiting for its 确认 stays in view, untouched."""
        if state.awaiting == "confirm" and state.cards:
            return Turn(text + replies.still_pending(state.cards[0]), cards=state.cards, outcome=outcome)
        if state.awaiting == "select" and state.cards:
            return Turn(text, cards=state.cards, outcome=outcome)
        return Turn(text, outcome=outcome)

    # ---- answers and corrections in context -----------------------------------------------------

    def _in_context(self, state: DialogueState, user: User, text: str, conv: str) -> Turn | None:
        """An answer to the pending question, or a correction of the pending (or just failed) task."""
        task = state.task
        if task is None or (state.awaiting is None and task.status != "dropped"):
            return None
        if state.awaiting is not None and state.awaiting.startswith("slot:"):
            slot = state.awaiting.split(":", 1)[1]
            value = self._slot_answer(task, slot, text)
            if value is not None:
                task.slots[slot] = value
                return self._advance(state, user, conv)
        chosen = state.cards[0] if task.order_id is not None and state.cards else None
        taken_back = context.negated(text)
        if taken_back:
            parsed = self._parse_in_context(task, taken_back)
            removed = [k for k in parsed if k in task.slots and k not in _ANCHOR_SLOTS]
            if removed:
                for key in removed:
                    task.slots.pop(key, None)
                self._release(state, user)
                return self._reoffer(state, user, conv, chosen)
        if self._is_new_request(task, text):
            return None
        parsed = self._parse_in_context(task, text)
        changes = {k: v for k, v in parsed.items() if task.slots.get(k) != v}
        if changes and _is_correction(text, changes):
            task.slots.update(changes)
            task.excluded = []
            task.status = "collecting" if task.status == "dropped" else task.status
            self._release(state, user)
            return self._reoffer(state, user, conv, chosen)
        return None

    def _reoffer(self, state: DialogueState, user: User, conv: str, chosen: dict[str, Any] | None) -> Turn:
        """Offer again after a correction; what had been chosen is chosen again when it is still there."""
        turn = self._advance(state, user, conv)
        same = _same_offer(state.cards, chosen) if state.awaiting == "select" else None
        if same is not None:
            return self._select(state, user, conv, index=int(same["ref"]), rank_by=None)
        return turn

    def _is_new_request(self, task: Task, text: str) -> bool:
        """A whole new request (its own item, movie, route...) starts over instead of correcting."""
        if context.CHANGE.search(text):
            return False
        for frame in self.understanding.understand(text, now=self.clock.now()).frames:
            if frame.intent != "order" or not _anchored(frame):
                continue   # 从武汉走 names no destination of its own: it refines the pending task
            if frame.domain != task.domain or set(frame.slots) & (_ANCHOR_SLOTS | {"to_city", "city"}):
                return True
        return False

    def _is_other_errand(self, task: Task, text: str) -> bool:
        """An order of another domain that names its own thing (not an answer to this task's question)."""
        return any(frame.intent == "order" and frame.domain != task.domain and _anchored(frame)
                   for frame in self.understanding.understand(text, now=self.clock.now()).frames)

    def _parse_in_context(self, task: Task, text: str) -> dict[str, Any]:
        """Slots a short reply says, read after words that name the task ('换成半糖' -> sugar half)."""
        words = context.anchor(task)
        said = self._slots_of(task.domain, f"{words} {text}".strip())
        implied = self._slots_of(task.domain, words) if words else {}
        return {k: v for k, v in said.items() if implied.get(k) != v}

    def _slots_of(self, domain: str, text: str) -> dict[str, Any]:
        for frame in self.understanding.understand(text, now=self.clock.now()).frames:
            if frame.domain == domain:
                return dict(frame.slots)
        return {}

    def _slot_answer(self, task: Task, slot: str, text: str) -> Any:
        picked = context.pick_suggested(text, task.suggested)
        task.suggested = []
        if picked is not None:                  # 「你是不是想找：A、B、C？」 answered 1 / 第二个 / B
            return picked
        parsed = self._parse_in_context(task, text)
        if slot in parsed:
            return parsed[slot]
        if self._is_other_errand(task, text):
            return None                         # 给我买两斤苹果 while asked for an address: a request of its own
        bare = text.strip("，,。.!！ ")
        if context.CONFIRM.match(bare) or context.ORDINAL.match(bare):
            return None                         # 确认 / 第一个 answer no question about a name or a place
        if slot in ("address", "to", "from", "name", "query", "item", "movie"):
            return text.strip("，,。. ")
        if slot == "date" and "date" in parsed:
            return parsed["date"]
        if slot in policy.COUNT_SLOTS:
            return _count_answer(bare)
        return None

    # ---- follow-ups -----------------------------------------------------------------------------

    def _last_takeout(self, user: User) -> Order | None:
        with self.uow() as uow:
            recent = uow.orders.list_for_user(user.id, limit=20)
        return next((o for o in recent if o.domain is Domain.TAKEOUT and o.status is not OrderStatus.CANCELLED), None)

    def _repeat(self, state: DialogueState, user: User, conv: str, frames: list[dict[str, Any]]) -> Turn:
        last = self._last_takeout(user)
        if last is None:
            return Turn(replies.nothing_to_repeat(), frames)
        line = last.lines[0]
        slots = {"item": str(last.details.get("item") or line["title"]), "quantity": int(line["quantity"]),
                 **{k: v for k, v in dict(line.get("options", {})).items() if k in ("size", "sugar", "ice", "toppings")}}
        self._release(state, user, everything=True)
        state.reset()
        state.tasks = [Task("takeout", "order", slots, excluded=[])]
        turn = self._advance(state, user, conv)
        same = next((c for c in state.cards if c.get("_merchant_id") == last.merchant_id), None)
        if same is not None:
            turn = self._select(state, user, conv, index=int(same["ref"]), rank_by=None)
        turn.frames = frames
        return turn


_ANCHOR_SLOTS = frozenset({"item", "movie", "name", "query"})
PLACE_SLOTS = ("address", "from", "to")


def _orders_of(state: DialogueState) -> set[str]:
    """The orders a turn may move: the tasks' held orders and the last one paid."""
    return {t.order_id for t in state.tasks if t.order_id} | ({state.last_order_id} if state.last_order_id else set())


def _unasked(frame: Frame, profile: ProfileDefaults) -> list[str]:
    """Slots the dialogue must ask for (its spec's ``asked``) that are neither said nor in the profile."""
    found = specs.find(frame.domain)
    if found is None:
        return []
    return [s for s in found.asked if s not in frame.slots and not profile_value(profile, frame.domain, s)][:1]


def _topup_card(amount_fen: int) -> dict[str, Any]:
    """The confirmation card of a wallet top-up: what the 确认 charges to the bank card."""
    return {"ref": 1, "kind": "confirm", "domain": "account", "title": replies.WALLET_TOPUP_TITLE, "merchant": "",
            "price_fen": amount_fen, "fees_fen": 0, "discount_fen": 0, "pay_fen": amount_fen, "coupon": None,
            "policy": replies.WALLET_TOPUP_POLICY, "pays": True, "total_pay_fen": amount_fen, "seats": [],
            "topup": True}


def card_domain(cards: list[dict[str, Any]]) -> str:
    return str(cards[0]["domain"])


def _anchored(frame: Frame) -> bool:
    """Whether the frame names what its order is about (its spec's anchor slots)."""
    found = specs.find(frame.domain)
    return found is not None and any(slot in frame.slots for slot in found.anchor_slots)


def _is_correction(text: str, changes: dict[str, Any]) -> bool:
    """A change of the task's main thing (its item, movie...) must be said as a change: 换成/改成/要."""
    return not set(changes) <= _ANCHOR_SLOTS or bool(context.CHANGE.search(text))


def _seat_classes(option: Option) -> dict[str, Any]:
    """A train's seat classes with their fares (the card offers 「换成一等座」) and the class quoted."""
    attrs = option.listing.attrs
    if option.offer.domain is not Domain.TRAIN or not isinstance(attrs.get("fares"), dict):
        return {}
    labels = attrs.get("class_labels") or {}
    classes = [{"code": code, "label": str(labels.get(code, code)), "price_fen": int(fare)}
               for code, fare in sorted(attrs["fares"].items(), key=lambda pair: pair[1])]
    return {"classes": classes, "seat_class": option.offer.details.get("seat_class")}


def _same_offer(cards: list[dict[str, Any]], chosen: dict[str, Any] | None) -> dict[str, Any] | None:
    """The new card for what the user had chosen: the same showtime or listing, else the same merchant."""
    if chosen is None:
        return None
    ref = chosen.get("_request", {}).get("ref")
    same = next((c for c in cards if c.get("_request", {}).get("ref") == ref), None)
    return same or next((c for c in cards if c.get("_merchant_id") == chosen.get("_merchant_id")), None)


def _choose(cards: list[dict[str, Any]], *, index: int | None, rank_by: str | None) -> dict[str, Any] | None:
    if index is not None:
        return cards[index - 1] if 1 <= index <= len(cards) else None
    if rank_by == "cheapest":
        return min(cards, key=lambda c: c["price_fen"] + c["fees_fen"])
    if rank_by == "fastest":
        return min(cards, key=lambda c: c.get("eta_minutes") or 10**6)
    return cards[0]


def _profile(user: User) -> ProfileDefaults:
    address = user.default_address
    return ProfileDefaults(address=address.text if address else None, home_city=user.home_city, phone=user.phone)


def _address_json(address: Address | None) -> dict[str, Any] | None:
    if address is None:
        return None
    return {"text": address.text, "city": address.city,
            "point": [address.point.lat, address.point.lng] if address.point else None}


def _address_from(raw: dict[str, Any] | None) -> Address | None:
    if not raw:
        return None
    point = raw.get("point")
    return Address(raw["text"], raw["city"], GeoPoint(point[0], point[1]) if point else None)


def _ask_refused_counts(tasks: list[Task], frames: list[Frame]) -> list[str]:
    """A count said in a form no order can take (-3杯, 1e9张) is asked again, never guessed: the task
    needs its count slot (the engine left the count out). Returns the refused words, as said."""
    said: list[str] = []
    for task, frame in zip(tasks, frames, strict=True):
        if isinstance(frame, Reading) and frame.refused:
            slot = next(iter(specs.spec(task.domain).search.count_slots), "quantity")
            task.slots.pop(slot, None)
            if slot not in task.needs:
                task.needs.append(slot)
            said.extend(frame.refused)
    return said


def _count_answer(text: str) -> int | None:
    """How many, answered on its own (3 / 三杯 / 两张): a whole number from 1 to 99, else no answer."""
    match = _COUNT_ANSWER.match(text)
    number = numerals.parse_int(match.group(1)) if match else None
    return number if number is not None and 1 <= number <= MAX_COUNT_ANSWER else None

