"""Blame in a Plan of Action: someone else (Amazon, its system, a buyer, a competitor)
said to have done wrong, in the seller's words.

A fixed phrase list misses most real blame ("Amazon wrongly removed our listing", "买家恶意
差评并且撒谎"), so ``data/poa.toml``'s ``no-blame`` rule also names *actors* and *wrong-doing
words*: an actor followed, in the same sentence, by a wrong-doing word is blame, unless a
word between them starts another subject's clause or makes the wrong one the actor found or
suffered ("a buyer complaint showed **that** our listing had an error", "Amazon **found**
errors in our invoices", "the customer **received** …"), or the actor is the seller's own
("our system", "我们的系统"). An error code ("error 5665", "错误代码") is no wrong-doing.
Pure: no I/O.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SENTENCE = re.compile(r"[^.!?;。！？；\n]+[.!?;。！？；]?")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# "our system", "our own ERP system", "我们的系统", "我司ERP系统": the seller's own, not another's
_OWNED_GAP_EN = r"(?:\s+[\w'-]+){0,2}\s+$"
_OWNED_GAP_ZH = r"的?[A-Za-z0-9 ]{0,8}$"
# "error 5665", "error code", "错误代码 5665": Amazon's message, not a wrong done
_CODE_AFTER = re.compile(r"\s*(?:[:：#]?\s*\d|codes?\b|messages?\b|代码|码|信息|提示)", re.I)


def _alternation(terms: tuple[str, ...]) -> str:
    out = []
    for term in sorted(terms, key=len, reverse=True):  # the longest first: "buyers" before "buyer"
        if _CJK.search(term):
            out.append(re.escape(term))
        else:
            out.append(r"\b" + re.escape(term).replace(r"\ ", r"\s+") + r"\b")
    return "|".join(out)


@lru_cache(maxsize=8)
def _compiled(terms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_alternation(terms), re.IGNORECASE)


@lru_cache(maxsize=8)
def _owned(ours: tuple[str, ...]) -> re.Pattern[str]:
    english = [t for t in ours if not _CJK.search(t)]
    chinese = [t for t in ours if _CJK.search(t)]
    parts = []
    if english:
        parts.append(rf"(?:{_alternation(tuple(english))}){_OWNED_GAP_EN}")
    if chinese:
        parts.append(rf"(?:{_alternation(tuple(chinese))}){_OWNED_GAP_ZH}")
    return re.compile("|".join(parts), re.IGNORECASE)


def blamed(
    text: str,
    *,
    actors: tuple[str, ...],
    wrongs: tuple[str, ...],
    breaks: tuple[str, ...],
    ours: tuple[str, ...],
) -> str | None:
    """The blame in ``text`` as written ("Amazon … wrongly"), or None.

    ``breaks``: words that, between the actor and the wrong, make the wrong not the
    actor's doing (because, that, we, found, received, 因为, 发现, 收到); ``ours``: words
    that, just before the actor, make the actor the seller's own (our system, 我们的系统)."""
    norm = text.replace("’", "'")
    actor_at, wrong_at = _compiled(actors), _compiled(wrongs)
    broken, owned = _compiled(breaks), _owned(ours)
    for sentence in _SENTENCE.findall(norm):
        for actor in actor_at.finditer(sentence):
            if owned.search(sentence[: actor.start()]):
                continue
            for wrong in wrong_at.finditer(sentence, actor.end()):
                if broken.search(sentence[actor.end() : wrong.start()]):
                    break  # the wrongs after a break are another subject's
                if not _CODE_AFTER.match(sentence, wrong.end()):
                    return f"{actor.group(0)} … {wrong.group(0)}"
    return None
