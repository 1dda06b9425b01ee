"""Finding and masking personal information (ID, phone and bank card numbers) in Chinese text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from django.utils.translation import gettext_lazy as _

# China has kept UTC+8 all year since 1991, so a fixed offset gives the legal day exactly.
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # GB 11643-1999
ID_CHECK_CHARS = "10X98765432"  # GB 11643-1999: (weighted sum mod 11) -> check character
ID_MIN_YEAR = 1900
MASK_CHAR = "*"

ID_18_RE = re.compile(r"[1-8][0-9]{16}[0-9Xx]")  # GB 11643-1999
ID_15_RE = re.compile(r"[1-8][0-9]{14}")  # the legacy 15-digit form, replaced in 1999
BANK_CARD_DIGITS_RE = re.compile(r"[0-9]{16,19}")  # ISO/IEC 7812 primary account number

# Scanning patterns. A match must not be part of a longer run of digits (or be followed by
# the X of an ID), which rules out dates, years and parts of longer numbers.
ID_SCAN_RE = re.compile(r"(?<![0-9])[1-8](?:[0-9]{16}[0-9Xx]|[0-9]{14})(?![0-9Xx])")
MOBILE_SCAN_RE = re.compile(
    r"""(?<![0-9])
    (?P<prefix>(?:\+86|0086|86)[ -]?)?
    (?P<number>1[3-9][0-9](?P<sep>[ -]?)[0-9]{4}(?P=sep)[0-9]{4})  # 3-4-4 grouping
    (?![0-9])""",
    re.VERBOSE,
)
# Area codes: 010 and 02x have three digits, every other area code has four.
AREA_CODE = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
LANDLINE_SCAN_RE = re.compile(
    rf"""(?<![0-9])
    (?:
        (?P<area_paren>[(（]{AREA_CODE}[)）][ -]?)(?P<number_paren>[1-9][0-9]{{6,7}})
      | (?P<area_sep>{AREA_CODE}[ -])(?P<number_sep>[1-9][0-9]{{6,7}})
      | (?P<area_bare>{AREA_CODE})(?P<number_bare>[2-9][0-9]{{6,7}})
    )
    (?P<extension>(?:-|转|分机)[0-9]{{1,6}})?
    (?![0-9])""",
    re.VERBOSE,
)
BANK_CARD_SCAN_RE = re.compile(
    r"""(?<![0-9])
    (?:
        [0-9]{16,19}
      | [0-9]{4}(?P<sep>[ -])[0-9]{4}(?P=sep)[0-9]{4}(?P=sep)[0-9]{4}(?:(?P=sep)[0-9]{1,3})?
    )
    (?![0-9Xx])""",
    re.VERBOSE,
)
MOBILE_PREFIX_RE = re.compile(r"(?:\+86|0086|86)[ -]?(?=1[3-9])")

ID_NUMBER = "id_number"
MOBILE = "mobile"
LANDLINE = "landline"
BANK_CARD = "bank_card"

KIND_LABELS = {
    ID_NUMBER: _("身份证号码"),
    MOBILE: _("手机号码"),
    LANDLINE: _("固定电话"),
    BANK_CARD: _("银行卡号"),
}
# When two findings overlap, the kind listed first wins.
KIND_PRIORITY = (ID_NUMBER, MOBILE, LANDLINE, BANK_CARD)


# ---------------------------------------------------------------- validation


def _today() -> date:
    """Today's date in China."""
    return datetime.now(CHINA_TZ).date()


def _birth_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist on the calendar."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits of a resident ID."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def is_valid_resident_id(value: str, *, today: date | None = None) -> bool:
    """Whether `value` is an 18-digit (GB 11643-1999) or legacy 15-digit resident ID number."""
    if not isinstance(value, str):
        return False
    today = today or _today()
    if ID_18_RE.fullmatch(value):
        born = _birth_date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
        return (
            born is not None
            and born.year >= ID_MIN_YEAR
            and born <= today
            and id_check_char(value[:17]) == value[17].upper()
        )
    if ID_15_RE.fullmatch(value):
        born = _birth_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
        return born is not None and born <= today
    return False


def luhn_ok(digits: str) -> bool:
    """Whether a string of digits passes the Luhn (ISO/IEC 7812-1) check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def is_valid_bank_card(value: str) -> bool:
    """Whether `value` is 16-19 digits passing the Luhn check."""
    return (
        isinstance(value, str)
        and BANK_CARD_DIGITS_RE.fullmatch(value) is not None
        and luhn_ok(value)
    )


# ---------------------------------------------------------------- masking


def _mask_positions(value: str, keep_first: int, keep_last: int, chars: str = "0123456789") -> str:
    """Star the `chars` of `value` except the first and last few; other characters stay."""
    total = sum(char in chars for char in value)
    out, seen = [], 0
    for char in value:
        if char in chars:
            out.append(char if seen < keep_first or seen >= total - keep_last else MASK_CHAR)
            seen += 1
        else:
            out.append(char)
    return "".join(out)


def mask_id_number(value: str) -> str:
    """Keep the first 2 and last 3 characters of an ID number: 11*************02X."""
    return _mask_positions(value, 2, 3, chars="0123456789Xx")


def mask_mobile(value: str) -> str:
    """Keep any +86 prefix, the first 3 and the last 4 digits: 138****5678."""
    prefix = MOBILE_PREFIX_RE.match(value)
    head = prefix.group() if prefix else ""
    return head + _mask_positions(value[len(head) :], 3, 4)


def mask_landline(value: str) -> str:
    """Keep the area code, the last 2 digits and any extension: 0816-*****67."""
    match = LANDLINE_SCAN_RE.fullmatch(value)
    if match is None:
        return _mask_positions(value, 0, 2)
    for form in ("paren", "sep", "bare"):
        if match.group(f"number_{form}"):
            start, end = match.span(f"number_{form}")
            return value[:start] + _mask_positions(value[start:end], 0, 2) + value[end:]
    raise AssertionError("unreachable: one landline form always matches")


def mask_bank_card(value: str) -> str:
    """Keep the last 4 digits of a bank card, and its grouping: **** **** **** 1234."""
    return _mask_positions(value, 0, 4)


def mask_name(name: str) -> str:
    """Keep the first character of a name and star the rest (张*, 欧***), keeping any ·."""
    if len(name) <= 1:
        return MASK_CHAR * len(name)
    return name[0] + "".join(char if char in "·•" else MASK_CHAR for char in name[1:])


MASKERS: dict[str, Callable[[str], str]] = {
    ID_NUMBER: mask_id_number,
    MOBILE: mask_mobile,
    LANDLINE: mask_landline,
    BANK_CARD: mask_bank_card,
}


# ---------------------------------------------------------------- scanning


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KIND_PRIORITY
    start: int
    end: int
    text: str

    @property
    def label(self):
        """The Chinese name of this kind of personal information."""
        return KIND_LABELS[self.kind]

    @property
    def masked(self) -> str:
        """The found text, masked."""
        return MASKERS[self.kind](self.text)


def _candidates(text: str, today: date | None) -> list[Finding]:
    """Every valid match of every kind, overlapping ones included."""
    found = []
    for match in ID_SCAN_RE.finditer(text):
        if is_valid_resident_id(match.group(), today=today):
            found.append(Finding(ID_NUMBER, match.start(), match.end(), match.group()))
    for match in MOBILE_SCAN_RE.finditer(text):
        found.append(Finding(MOBILE, match.start(), match.end(), match.group()))
    for match in LANDLINE_SCAN_RE.finditer(text):
        found.append(Finding(LANDLINE, match.start(), match.end(), match.group()))
    for match in BANK_CARD_SCAN_RE.finditer(text):
        if is_valid_bank_card(re.sub(r"[ -]", "", match.group())):
            found.append(Finding(BANK_CARD, match.start(), match.end(), match.group()))
    return found


def scan(text: str, *, today: date | None = None) -> list[Finding]:
    """Personal information in `text`, sorted by start, without overlaps (IDs win)."""
    ranked = sorted(
        _candidates(text, today),
        key=lambda f: (KIND_PRIORITY.index(f.kind), f.start - f.end, f.start),
    )
    kept: list[Finding] = []
    for finding in ranked:
        if all(finding.end <= other.start or other.end <= finding.start for other in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def mask_finding(text: str, finding: Finding) -> str:
    """`text` with one finding replaced by its masked form."""
    return text[: finding.start] + finding.masked + text[finding.end :]


def mask(text: str, *, today: date | None = None) -> str:
    """`text` with every finding masked; everything else is left as it was."""
    for finding in reversed(scan(text, today=today)):
        text = mask_finding(text, finding)
    return text
