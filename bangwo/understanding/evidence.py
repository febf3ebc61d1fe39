"""The evidence a piece of text holds about its domain and intent, as named features for the weigher.

Cues (a domain's outright words, lexicon words by kind, the place-based guess, question and order words)
and the character n-grams of the sentence's shape: lexicon words, dates and times replaced by one symbol
per kind, so 杭州到上海 and 成都到重庆 look alike.
"""

from __future__ import annotations

from bangwo.understanding import asking, classify, cues
from bangwo.understanding.errands import account_intent
from bangwo.understanding.pieces import Piece

KIND_SYMBOLS: dict[str, str] = {
    "item:takeout": "①", "item:grocery": "②", "item:shopping": "③", "brand:grocery": "④", "brand:shopping": "⑤",
    "shop": "⑥", "hotel_brand": "⑦", "movie": "⑧", "cinema": "⑨", "sight": "⑩", "landmark": "⑪", "city": "⑫",
    "station": "⑬", "airport": "⑭", "store": "⑮", "airline": "⑯",
}
DATE_SYMBOL, CLOCK_SYMBOL, TITLE_SYMBOL = "Ⓓ", "Ⓣ", "⑧"
NGRAMS = (1, 2)


def _kind(kind: str, domain: str | None) -> str:
    return f"{kind}:{domain}" if kind in ("item", "brand") else kind


def shape(piece: Piece) -> str:
    """The text with lexicon words, titles, dates and times as one symbol each, digits as 0."""
    spans: list[tuple[int, int, str]] = []
    for mention in piece.mentions:
        entry = mention.entries[0]
        spans.append((mention.start, mention.end, KIND_SYMBOLS.get(_kind(entry.kind, entry.domain), "◇")))
    spans += [(d.start, d.end, DATE_SYMBOL) for d in piece.scan.dates]
    spans += [(c.start, c.end, CLOCK_SYMBOL) for c in piece.scan.clocks]
    spans += [(s, e, TITLE_SYMBOL) for s, e, _ in piece.titles]
    out: list[str] = []
    i = 0
    for start, end, symbol in sorted(spans):
        if start < i:
            continue
        out.append(piece.text[i:start])
        out.append(symbol)
        i = end
    out.append(piece.text[i:])
    text = "".join(out).lower()
    return "".join("0" if ch.isdigit() else ch for ch in text if not ch.isspace())


def features(piece: Piece) -> list[str]:
    """Every feature of a piece: cues first, then character n-grams of its shape."""
    found = ["bias"]
    found += [f"strong:{d}" for d in sorted(classify.strong_domains(piece))]
    masked = piece.masked()
    found += [f"word:{d}" for d, pattern in classify.STRONG.items() if pattern.search(masked)]
    for mention in piece.mentions:
        found += [f"lex:{_kind(e.kind, e.domain)}" for e in mention.entries]
    places = sum(bool(m.kinds() & {"city", "station", "airport"}) for m in piece.mentions)
    if places >= 2 or (places and cues.FROM_TO_RE.search(piece.text)):
        found.append("route")
    weak = classify.weak_domain(piece)
    if weak:
        found.append(f"weak:{weak}")
    head = cues.head_domain(piece.text)
    if head:
        found.append(f"head:{head}")
    ask = asking.ask_of(piece.text)
    if ask is not None:
        found.append(f"ask:{ask.value}")
    for name, present in (("recommend", asking.recommends(piece.text)), ("orders", asking.orders(piece.text)),
                          ("chat", classify.is_chat(piece.text)), ("account", bool(account_intent(piece.text))),
                          ("title", bool(piece.titles)), ("date", bool(piece.scan.dates)),
                          ("clock", bool(piece.scan.clocks))):
        if present:
            found.append(name)
    text = f"^{shape(piece)}$"
    for n in NGRAMS:
        found += [f"g:{text[i:i + n]}" for i in range(len(text) - n + 1)]
    return found
