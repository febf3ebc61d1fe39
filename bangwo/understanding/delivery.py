"""Where takeout and groceries go: the delivery address as said (送到公司 -> 公司, 给前台 -> 前台)."""

from __future__ import annotations

from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.pieces import MASK, Piece

ADDRESS_RE = lazy_compile(r"送(?:到|至|去|往)([^，,。！!？?\s]{1,20}?)(?:来|去|吧|哈|呗|啊|呀|谢谢|，|,|。|\s|$)"
                        r"|(?:送|叫|点|订)[^，,。\s到]{1,12}?到([^，,。！!？?\s来去]{1,16})"
                        r"|送((?:宿舍|公司|家|办公室|前台|楼下|门口|学校|教室|会议室|酒店|工地)[^，,。！!？?\s]{0,8})"
                        r"|(?:地址(?:是|在|为)?[:：]?|放(?:到|在)|送来)([^，,。！!？?\s]{2,20}?)(?:就行|就好|就可以|吧|谢谢|，|,|。|\s|$)")
PLACE_FOR_RE = lazy_compile(r"给(办公室|公司|宿舍|前台|家里|会议室|教室|实验室|工作室|店里)")


def address(piece: Piece) -> str | None:
    """Return the delivery address as said (送到公司 -> 公司)."""
    masked = piece.masked(keep_mentions=True)
    for m in ADDRESS_RE.finditer(masked):
        group = next(g for g in (1, 2, 3, 4) if m.group(g))
        start, end = m.start(group), m.end(group)
        said = piece.text[start:end].rstrip("吧哈呗啊呀了的")
        if said and MASK not in masked[start:start + len(said)]:
            piece.take(m.start() if group in (3, 4) else start - 2, end)
            return said
    m2 = PLACE_FOR_RE.search(masked)
    if m2:
        piece.take(m2.start(), m2.end())
        return m2.group(1)
    return None
