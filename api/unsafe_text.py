"""Characters no text the API receives may hold, and how any text is made safe to echo or log.

JSON and URLs can carry what no letter, log line or downstream service takes: lone UTF-16 surrogates
(`"\\ud800"` decodes to a Python string that cannot be encoded as UTF-8), Unicode non-characters
(U+FFFE, U+FFFF, U+FDD0..U+FDEF, which python-docx refuses), NUL and the other control characters
(they cut C strings short and forge log lines). Every JSON text field, query parameter and URL path
is checked against this one rule (`has_unsafe_text`, `has_unsafe_path`): text fields keep tab, line
feed and carriage return, which are layout (the letter's address and grounds have several lines); a
path has no layout, so it refuses those too.
"""
from __future__ import annotations

import re
import unicodedata

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
_UNSAFE_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
_LAYOUT = re.compile("[\t\n\r]")

# Shown in place of what `visible` escapes: Unicode's "Other" categories (controls, format characters,
# surrogates, private use, unassigned and non-characters) and the line and paragraph separators.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def has_unsafe_text(text: str) -> bool:
    """Whether a text field holds a character no field may hold (see the module docstring)."""
    return _UNSAFE_IN_TEXT.search(text) is not None


def has_unsafe_path(path: str) -> bool:
    """Whether a URL path (percent-decoded) holds a control character, a surrogate or a non-character."""
    return has_unsafe_text(path) or _LAYOUT.search(path) is not None


def visible(text: str, max_chars: int | None = None) -> str:
    """`text` on one line with every invisible character written as an escape (`\\x00`, `\\ud800`),
    cut to `max_chars` characters (an ellipsis marks the cut): safe in a log line and in a response."""
    escaped = "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in _INVISIBLE_CATEGORIES
        else char
        for char in text
    )
    if max_chars is not None and len(escaped) > max_chars:
        return escaped[: max_chars - 1] + "…"
    return escaped
