"""One DomainSpec per business domain, and every older per-domain table derived from it."""

from __future__ import annotations

import string
from typing import get_args

import pytest

from bangwo.adapters.catalog import catalog
from bangwo.conversation import followups, proposals, ranking
from bangwo.domain import domains, frames, policies, specs
from bangwo.domain.domains import Domain
from bangwo.understanding import classify

ALL = list(specs.SPECS.values())


def _ids(spec: specs.DomainSpec) -> str:
    return spec.domain.value


def test_every_domain_has_exactly_one_spec_in_enum_order() -> None:
    assert list(specs.SPECS) == list(Domain)
    assert all(s.domain is d for d, s in specs.SPECS.items())
    assert all(specs.spec(d.value) is specs.SPECS[d] is specs.spec(d) for d in Domain)
    assert specs.slugs() == tuple(d.value for d in Domain)
    assert specs.find("account") is None and specs.find("chat") is None
    with pytest.raises(KeyError):
        specs.spec("food")


def test_frames_tables_are_derived_from_the_specs() -> None:
    domain_slugs, required, alternatives = frames.DOMAINS, frames.REQUIRED_SLOTS, frames.ALTERNATIVE_SLOTS
    defaulted, profile = frames.STATIC_DEFAULTS, frames.PROFILE_SLOTS
    assert domain_slugs == (*specs.slugs(), "account", "chat")
    assert required == {**{s.domain.value: s.required for s in ALL}, "account": (), "chat": ()}
    assert alternatives == {(s.domain.value, k): v for s in ALL for k, v in s.alternatives.items()}
    assert alternatives == {("takeout", "item"): "any", ("grocery", "item"): "any"}
    assert defaulted == {(s.domain.value, k) for s in ALL for k in s.defaulted} == {("movie", "date")}
    assert profile == {(s.domain.value, k): v for s in ALL for k, v in s.profile_slots.items()}
    assert set(profile.values()) <= {"address", "home_city", "phone"}     # fields of ProfileDefaults


def test_conversation_and_understanding_tables_are_derived_from_the_specs() -> None:
    assert dict(domains.LABELS_ZH) == {s.domain: s.label_zh for s in ALL}
    assert domains.LABELS_ZH[Domain.RECHARGE] == "话费充值"
    assert specs.slugs() == proposals.ORDER_DOMAINS
    assert {s.domain.value: s.slot_forms for s in ALL} == proposals.SLOT_FORMS
    assert set(followups.REF_DOMAINS) == {(w, s.domain) for s in ALL for w in s.reference_words}
    assert followups.REF_DOMAINS[0] == ("电影", Domain.MOVIE)        # generic words (饭, 菜) are looked for last
    assert followups.REF_DOMAINS[-1] == ("外送", Domain.TAKEOUT)
    assert {d: p.pattern for d, p in classify.STRONG.items()} == {s.domain.value: s.strong_cues for s in ALL}
    assert classify.PRIORITY == ("account", "recharge", "taxi", "hotel", "flight", "train", "movie", "attraction",
                                 "shopping", "grocery", "takeout")
    assert {d: p.code for d, p in policies.BY_DOMAIN.items()} == {s.domain: s.refund_policy for s in ALL}
    assert {d: plan.search for d, plan in ranking.PLANS.items()} == {s.domain: s.search for s in ALL}


@pytest.mark.parametrize("spec", ALL, ids=_ids)
def test_a_specs_slots_are_among_its_slot_forms(spec: specs.DomainSpec) -> None:
    forms = set(spec.slot_forms)
    assert set(spec.required) <= forms
    assert set(spec.anchor_slots) <= forms
    assert set(spec.defaulted) <= set(spec.required)
    assert set(spec.alternatives) <= set(spec.required)
    assert set(spec.profile_slots) <= forms
    assert {name for _, name, _, _ in string.Formatter().parse(spec.context_anchor) if name} <= forms
    search = spec.search
    assert set(search.filters) | set(search.options) | set(search.fixed_options) <= forms
    assert {search.text_slot, search.day_slot, search.class_slot} - {None} <= forms
    assert (search.class_slot is None) == (search.class_default is None)
    assert set(spec.relax_order) <= forms and not set(spec.relax_order) & set(spec.required)


@pytest.mark.parametrize("spec", ALL, ids=_ids)
def test_a_specs_words_cues_and_policy_are_usable(spec: specs.DomainSpec) -> None:
    assert spec.label_zh and spec.reference_words
    assert classify.STRONG[spec.domain.value].search(spec.label_zh)     # its own name is a strong cue
    assert policies.by_code(spec.refund_policy).code == spec.refund_policy


def test_ranks_order_every_domain_once() -> None:
    assert sorted(s.reference_rank for s in ALL) == list(range(1, len(ALL) + 1))
    assert sorted(s.pick_rank for s in ALL) == list(range(1, len(ALL) + 1))


def test_every_behaviour_a_spec_can_name_is_implemented() -> None:
    assert set(ranking.PLACES) == set(get_args(specs.Place))
    assert set(ranking.EXTRA_FILTERS) == set(ranking.EXTRA_OPTIONS) == set(get_args(specs.Extras))
    assert set(ranking.ADDRESSES) == set(get_args(specs.AddressOf))
    assert set(ranking.SCORES) == set(get_args(specs.Score))
    assert set(ranking.WHYS) == set(get_args(specs.Why))
    assert set(ranking.REJECTS) == set(get_args(specs.Reject))


def test_the_catalog_sells_every_domain() -> None:
    assert frozenset(Domain) == catalog.SOLD


def test_a_spec_cannot_be_changed_after_it_is_made() -> None:
    spec = specs.spec("takeout")
    with pytest.raises(TypeError):
        spec.slot_forms["item"] = "said"  # type: ignore[index]
    assert spec.slot_forms["item"] == "text"
