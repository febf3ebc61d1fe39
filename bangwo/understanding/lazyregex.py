"""Patterns compiled on first use, so importing the engine stays cheap.

The engine defines about 290 module-level patterns; compiling them all costs about 0.13 s (mostly CPython's
charset optimizer on CJK classes), while one sentence uses fewer than half. ``lazy_compile`` returns an object
that behaves as the compiled pattern: the first attribute it is asked for compiles the pattern and binds the
common methods on the instance, so later calls cost one attribute lookup, as on a real ``re.Pattern``.
Pass ``.pattern`` (the source) to the ``re`` module functions, never the object itself.
"""

from __future__ import annotations

import re
from typing import Any, cast

_BOUND = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class _LazyPattern:
    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(self.pattern, self.flags)
        for method in _BOUND:
            setattr(self, method, getattr(compiled, method))
        self.groups = compiled.groups
        self.groupindex = compiled.groupindex
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern that compiles itself on first use (typed as ``re.Pattern`` for its callers)."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
