"""Which of the board's agencies a name means, written as people write it: the one matcher
for forms, replies and chat.

The rule, in order:
1. the whole name, tidied ("the", case, apostrophes, "&"), is the agency's id, name or an
   alias ("Childrens Services", "CSC");
2. or a near spelling of one ("Fenmarsh Constabularly");
3. or it holds one of those as whole words, and every other word is either a word of that
   agency's own name ("Fenmarsh Police") or a word that names no body ("the hospital trust",
   "children's social care team"). A word that names another place or body makes it another
   body: "Police Scotland" and "West Mercia Police" are not Fenmarsh Constabulary, whose alias
   is "police". Two agencies fitting is no match: a person is asked, not guessed for.

In prose (`agencies_mentioned`), an alias beside a capitalised word that is none of those is
likewise part of another body's name ("officers from Police Scotland").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .config import Agency, BoardConfig

# Words that say what kind of body something is, never which one.
GENERIC = frozenset(
    {
        "a",
        "an",
        "and",
        "of",
        "for",
        "the",
        "our",
        "their",
        "your",
        "local",
        "service",
        "services",
        "team",
        "teams",
        "department",
        "dept",
        "unit",
        "trust",
        "nhs",
        "foundation",
        "council",
        "councils",
        "authority",
        "directorate",
        "division",
        "hub",
        "office",
        "agency",
        "children",
        "childrens",
        "child",
        "family",
        "families",
        "young",
        "people",
        "peoples",
    }
)
NEAR = 0.85  # difflib ratio for a near spelling of a whole name
_WORD = re.compile(r"[a-z0-9]+")


def _singular(word: str) -> str:
    """ "hospitals" as "hospital", "services" as "service"; short words and "-ss" kept."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def tidy(text: str) -> str:
    """A name as compared: lower case, apostrophes dropped, "&" as "and", "the" dropped,
    plurals as singulars."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"['\u2019`]", "", text)
    words = [_singular(w) for w in _WORD.findall(text)]
    while words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


GENERIC = frozenset(_singular(w) for w in GENERIC)


def names(agency: Agency) -> tuple[str, ...]:
    """Every way the board file lets people name an agency, tidied."""
    found = (agency.id.replace("_", " "), agency.name, *agency.aliases)
    return tuple(dict.fromkeys(t for t in (tidy(n) for n in found) if t))


def _own_words(agency: Agency) -> frozenset[str]:
    return frozenset(w for n in names(agency) for w in n.split())


def _contains(words: list[str], name: str) -> list[tuple[int, int]]:
    want = name.split()
    size = len(want)
    return [(i, i + size) for i in range(len(words) - size + 1) if words[i : i + size] == want]


def match_name(text: str, config: BoardConfig) -> str | None:
    """The agency a name (a form's agency field, a chat argument, a sender's signature line)
    means, or None: see the module's rule."""
    if not isinstance(text, str):
        return None
    wanted = tidy(text)
    if not wanted:
        return None
    table = {n: a.id for a in config.agencies for n in names(a)}
    if wanted in table:
        return table[wanted]
    close = [
        n for n in difflib.get_close_matches(wanted, list(table), n=3, cutoff=NEAR) if len(n) >= 5
    ]
    if close:
        return table[close[0]]
    words = wanted.split()
    fits: set[str] = set()
    for agency in config.agencies:
        own = _own_words(agency)
        for name in names(agency):
            for start, end in _contains(words, name):
                rest = words[:start] + words[end:]
                if all(w in GENERIC or w in own for w in rest):
                    fits.add(agency.id)
    return fits.pop() if len(fits) == 1 else None


def match_names(values: Iterable[object], config: BoardConfig) -> list[str]:
    """The agencies a list of names means, in order, each once; unknown names left out."""
    found = (match_name(v, config) for v in values if isinstance(v, str))
    return list(dict.fromkeys(a for a in found if a))


def agencies_mentioned(text: str, config: BoardConfig) -> list[str]:
    """The agencies a piece of prose names, in the order it names them."""
    found: list[tuple[int, str]] = []
    tokens = [(m.group(0), m.start()) for m in re.finditer(r"[A-Za-z0-9&'\u2019]+", text)]
    tidied = [tidy(t) for t, _ in tokens]
    for agency in config.agencies:
        own = _own_words(agency)
        for name in names(agency):
            for start, end in _contains(tidied, name):
                if _beside_another_name(text, tokens, tidied, start, end, own):
                    continue
                found.append((tokens[start][1], agency.id))
    ordered = [agency for _, agency in sorted(found)]
    return list(dict.fromkeys(ordered))


def _beside_another_name(
    text: str,
    tokens: list[tuple[str, int]],
    tidied: list[str],
    start: int,
    end: int,
    own: frozenset[str],
) -> bool:
    """A capitalised word next to the alias, in the same run of words, that names something
    else ("Police Scotland", "West Mercia Police")."""
    for index in (start - 1, end):
        if not 0 <= index < len(tokens):
            continue
        word, at = tokens[index]
        if not word[:1].isupper() or word == "I" or tidied[index] in GENERIC | own:
            continue
        left, right = (index, start) if index < start else (end - 1, index)
        between = text[tokens[left][1] + len(tokens[left][0]) : tokens[right][1]]
        if between.strip():  # a comma or a full stop: the next item, not the same name
            continue
        before = text[:at].rstrip()
        opens = not before or before[-1] in ".!?:;\n"
        if index == start - 1 and opens and not tokens[start][0][:1].isupper():
            continue  # "Yesterday police came": capitalised because it begins a sentence
        return True
    return False


def match_agency(text: str, config: BoardConfig, *, mentions: bool = True) -> str | None:
    """A name (`match_name`); with `mentions`, else the one agency a longer text names."""
    found = match_name(text, config)
    if found is not None or not mentions:
        return found
    hits = agencies_mentioned(text, config)
    return hits[0] if len(hits) == 1 else None


def agencies_listed(value: object, config: BoardConfig) -> list[str]:
    """The agencies a form's list names ("police, children's social care and the hospital
    trust (Dr Lee)"): each item whole, else split at "and", "&" or "/"; contact details in
    brackets or after a dash or colon set aside. Unknown items are left out."""
    if value is None:
        return []
    items: list[str] = []
    for entry in value if isinstance(value, (list, tuple)) else [value]:
        entry = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(entry))
        items += [p for p in re.split(r"[,;\n\u2022]+", entry) if p.strip()]
    found: list[str] = []
    for item in items:
        item = re.split(r"\s[-\u2013\u2014:]\s|:", item)[0]
        whole = match_name(item, config)
        if whole is not None:
            found.append(whole)
            continue
        for part in re.split(r"\band\b|&|/", item, flags=re.I):
            hit = match_name(part, config)
            if hit is not None:
                found.append(hit)
    return list(dict.fromkeys(found))
