"""Which characters text we store may hold: the one rule every input goes through.

PostgreSQL cannot store NUL in text at all, and no field of ours has a use for the other C0 and
C1 control characters (terminal escapes, bells, DEL), nor for lone UTF-16 surrogates (which no
encoding can write). Free text keeps tab, newline and carriage return; a one-line value (a
label, a name, an e-mail) keeps none of them.
"""

from __future__ import annotations

import unicodedata

from pmopath.domain.errors import UnusableText

LINE_BREAKS = frozenset("\t\n\r")


def unusable_character(text: str, *, lines: bool = True) -> str | None:
    """The first character ``text`` may not hold, described in words (``U+0000, a NUL``), or
    None. With ``lines`` (free text), tab, newline and carriage return are allowed."""
    if text.isascii() and text.isprintable():
        return None  # the common case, checked in C
    for character in text:
        if lines and character in LINE_BREAKS:
            continue
        category = unicodedata.category(character)
        if category in ("Cc", "Cs"):
            return _described(character, category)
    return None


def unstorable_character(text: str) -> str | None:
    """A character no database can store (a NUL, a lone surrogate) in ``text``, in words; or
    None. Cheaper than ``unusable_character``: the store's last check on every value."""
    if "\x00" in text:
        return _described("\x00", "Cc")
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return _described(text[error.start], "Cs")
    return None


def _described(character: str, category: str) -> str:
    code = f"U+{ord(character):04X}"
    if character == "\x00":
        return f"{code}, a NUL"
    if category == "Cs":
        return f"{code}, half of a surrogate pair"
    return f"{code}, a control character"


def usable_text(field: str, text: str, *, lines: bool = True) -> str:
    """``text`` itself when it holds only characters we store; raises UnusableText naming
    ``field`` and the character otherwise."""
    found = unusable_character(text, lines=lines)
    if found is not None:
        raise UnusableText(field, found)
    return text
