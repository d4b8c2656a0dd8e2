"""Vietnamese place-name text: search keys, address parts, unit-type prefixes.

PURE: no Django. Diacritics are stripped with Unicode NFD plus the one letter NFD
does not decompose (đ/Đ), so no transliteration library (Unidecode is GPL) is
needed. A search key is the folded name with everything but [a-z0-9] dropped:
"Phường An Mỹ" → "phuonganmy".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Unit types ("loại đơn vị") as written in official names, with their search-key
# prefix. Longer prefixes first so "thanhpho" is tried before "tinh" and so on.
KIND_KEYS: dict[str, str] = {
    "Thành phố": "thanhpho",
    "Thị trấn": "thitran",
    "Thị xã": "thixa",
    "Đặc khu": "dackhu",
    "Phường": "phuong",
    "Huyện": "huyen",
    "Quận": "quan",
    "Tỉnh": "tinh",
    "Xã": "xa",
}

# Which kinds exist at which level (legacy and 2025 together).
LEVEL_KINDS: dict[str, tuple[str, ...]] = {
    "province": ("Tỉnh", "Thành phố"),
    "district": ("Quận", "Huyện", "Thị xã", "Thành phố"),
    "commune": ("Phường", "Xã", "Thị trấn", "Đặc khu"),
}

# Type prefixes people type, after folding, and the kinds they may mean. Each
# pattern must end at a word boundary, a dot or a digit ("Q3", "P.An Mỹ"), so
# that "Quảng Nam" is not read as "Quận ảng Nam".
_PREFIXES: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"^(?:thanh\s*pho|t\.?\s*p)(?:\.|\s+|(?=\d)|$)"), ("Thành phố",)),
    (re.compile(r"^(?:thi\s+xa|thixa|t\.?\s*x)(?:\.|\s+|(?=\d)|$)"), ("Thị xã",)),
    (re.compile(r"^(?:thi\s+tran|thitran|t\.?\s*t)(?:\.|\s+|(?=\d)|$)"), ("Thị trấn",)),
    (re.compile(r"^(?:dac\s*khu|dk)(?:\.|\s+|$)"), ("Đặc khu",)),
    (re.compile(r"^(?:phuong|p|f)(?:\.|\s+|(?=\d)|$)"), ("Phường",)),
    (re.compile(r"^(?:huyen|h)(?:\.|\s+|$)"), ("Huyện",)),
    (re.compile(r"^(?:quan|q)(?:\.|\s+|(?=\d)|$)"), ("Quận",)),
    (re.compile(r"^(?:tinh|t\.)(?:\.|\s+|$)"), ("Tỉnh",)),
    (re.compile(r"^(?:xa|x)(?:\.|\s+|$)"), ("Xã",)),
]

# Common short forms of province names that are not derivable from the name.
PROVINCE_ALIASES: dict[str, str] = {
    "hcm": "hochiminh",
    "tphcm": "hochiminh",
    "hcmc": "hochiminh",
    "saigon": "hochiminh",
    "hn": "hanoi",
    "tphn": "hanoi",
    "brvt": "bariavungtau",
    "thuathienhue": "hue",
}

# Trailing parts that name the country, not a unit.
COUNTRY_KEYS = frozenset(
    {"vietnam", "vn", "cnxhcnvietnam", "socialistrepublicofvietnam"}
)

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_PART_SEPARATORS = re.compile(r"[,;\n\r\t|]+")
_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")


def fold(text: str) -> str:
    """Lower-case, diacritics removed, spacing and punctuation kept."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


def search_key(text: str) -> str:
    """'Phường An Mỹ' → 'phuonganmy'; 'Phường 01' → 'phuong1' (no leading zeros)."""
    return _LEADING_ZEROS.sub("", _NON_ALNUM.sub("", fold(text)))


def exact_key(text: str) -> str:
    """Like `search_key` but diacritics kept: tells 'Văn Lang' from 'Văn Lăng'."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return "".join(ch for ch in lowered if ch.isalnum())


def address_parts(text: str) -> list[str]:
    """Split a typed address on commas (and semicolons, newlines); drop empty parts."""
    return [p.strip(" .-") for p in _PART_SEPARATORS.split(text) if p.strip(" .-")]


@dataclass(frozen=True)
class PartKeys:
    """What one address part may be: preferred search keys first, then looser ones."""

    preferred: tuple[str, ...]
    loose: tuple[str, ...]
    kinds: tuple[str, ...]  # the unit types its prefix named, if any
    rest: str  # the part's key without its type prefix

    def all(self) -> list[str]:
        return list(dict.fromkeys(self.preferred + self.loose))


def kind_strip(part: str) -> tuple[tuple[str, ...], str]:
    """('Thành phố',), 'tam ky' for 'TP. Tam Kỳ'; ((), text) when there is no prefix."""
    folded = fold(part).strip()
    for pattern, kinds in _PREFIXES:
        match = pattern.match(folded)
        if match and folded[match.end() :].strip():
            return kinds, folded[match.end() :].strip()
    return (), folded


def part_keys(part: str, *, kinds: tuple[str, ...] | None = None) -> PartKeys:
    """Candidate search keys for an address part, for an indexed `IN` lookup.

    The part's literal key and its reading with the typed prefix are preferred;
    any other unit type with the same name is a looser match (people write "Quận"
    for a "Thành phố" district, or leave the type out).
    """
    all_kinds = kinds or tuple(KIND_KEYS)
    whole = search_key(part)
    typed, rest_text = kind_strip(part)
    rest = search_key(rest_text)
    rest = PROVINCE_ALIASES.get(rest, rest)
    whole_alias = PROVINCE_ALIASES.get(whole)
    preferred = [whole] + [KIND_KEYS[k] + rest for k in typed if k in all_kinds]
    loose = [KIND_KEYS[k] + rest for k in all_kinds]
    if rest != whole:
        loose += [KIND_KEYS[k] + whole for k in all_kinds]
    if whole_alias:
        preferred += [KIND_KEYS[k] + whole_alias for k in LEVEL_KINDS["province"]]
    return PartKeys(
        preferred=tuple(dict.fromkeys(k for k in preferred if k)),
        loose=tuple(dict.fromkeys(k for k in loose if k)),
        kinds=typed,
        rest=rest,
    )


def is_country(part: str) -> bool:
    return search_key(part) in COUNTRY_KEYS


# Type words that start a new part in a comma-less address, as folded word tuples.
_TYPE_WORDS: tuple[tuple[str, ...], ...] = (
    ("thanh", "pho"),
    ("thi", "xa"),
    ("thi", "tran"),
    ("dac", "khu"),
    ("phuong",),
    ("huyen",),
    ("quan",),
    ("tinh",),
    ("xa",),
    ("tp",),
    ("tx",),
    ("tt",),
    ("p",),
    ("q",),
    ("h",),
    ("x",),
)


def _type_word_at(words: list[str], i: int) -> int:
    """Length of the type word starting at words[i], or 0."""
    for tw in _TYPE_WORDS:
        if tuple(w.rstrip(".") for w in words[i : i + len(tw)]) == tw:
            return len(tw)
    return 0


def type_word_split(text: str) -> list[str]:
    """Split a comma-less address before each type word.

    "phuong an my thanh pho tam ky tinh quang nam" → three parts. Only a fallback:
    a name may contain a type word ("Xã Tịnh Sơn": a type word right after another
    one does not start a part, but "Xã Bình Tịnh" is still cut wrongly).
    """
    words = fold(text).replace(",", " ").split()
    pieces: list[list[str]] = []
    i = 0
    while i < len(words):
        n = _type_word_at(words, i)
        starts_piece = n and (
            not pieces or len(pieces[-1]) > _type_word_at(pieces[-1], 0)
        )
        if starts_piece:
            pieces.append(words[i : i + n])
            i += n
            continue
        if not pieces:
            pieces.append([])
        pieces[-1].append(words[i])
        i += 1
    return [" ".join(p) for p in pieces if p]
