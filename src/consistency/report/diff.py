"""Character differences between two values, projected onto the value as printed.

Comparisons run on normalised values (`XK2041B` for `xk-2041 b`), but people read the
printed one.  `highlight` diffs the normalised values with difflib and marks the
printed characters that carry a difference, so a report can underline the `14` in
`XK-2014B` against `XK-2041B` without pretending the hyphen mattered.
"""

from __future__ import annotations

import difflib
import unicodedata

import attrs


@attrs.frozen
class Segment:
    """A run of printed characters that either differs from the other value or does not."""

    text: str
    differs: bool


def _fold(char: str) -> str:
    return unicodedata.normalize("NFKC", char).casefold()


def _project(raw: str, normalised: str) -> list[int] | None:
    """Index in `raw` of each character of `normalised`, or None when it is not a subsequence.

    Normalisers drop separators, legal forms and case, which keeps the normalised value
    a (case-folded) subsequence of the printed one; when a normaliser rewrites more
    than that, the caller falls back to diffing the printed values themselves.
    """
    positions: list[int] = []
    start = 0
    for char in normalised:
        wanted = _fold(char)
        while start < len(raw) and _fold(raw[start]) != wanted:
            start += 1
        if start == len(raw):
            return None
        positions.append(start)
        start += 1
    return positions


def _differing(a: str, b: str) -> set[int]:
    """Indices of `a` that are not part of a matching block against `b`."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    same: set[int] = set()
    for block in matcher.get_matching_blocks():
        same.update(range(block.a, block.a + block.size))
    return set(range(len(a))) - same


def highlight(raw: str, normalised: str, other_normalised: str) -> list[Segment]:
    """`raw` cut into segments, those that differ from `other_normalised` marked.

    Characters the normaliser dropped (separators, case) never count as differences.
    When the two normalised values are equal nothing is marked.
    """
    if not raw:
        return []
    differs = [False] * len(raw)
    if normalised != other_normalised:
        positions = _project(raw, normalised)
        if positions is not None:
            for index in _differing(normalised, other_normalised):
                differs[positions[index]] = True
        else:
            folded = "".join(_fold(c)[:1] or " " for c in raw)
            for index in _differing(folded, _fold(other_normalised)):
                differs[index] = True
    segments: list[Segment] = []
    for char, flag in zip(raw, differs, strict=True):
        if segments and segments[-1].differs == flag:
            segments[-1] = Segment(segments[-1].text + char, flag)
        else:
            segments.append(Segment(char, flag))
    return segments


def caret_line(raw: str, normalised: str, other_normalised: str) -> str:
    """A line of `^` under the differing characters of `raw`, for plain-text output."""
    line = "".join(
        ("^" if s.differs else " ") * len(s.text)
        for s in highlight(raw, normalised, other_normalised)
    )
    return line.rstrip()
