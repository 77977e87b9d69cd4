"""Untrusted text made safe: cleaned once where it enters, escaped again at each sink.

Bank files, decks, profiles given by path, settings, notes and the runs stored in the
database are untrusted: a card can hold `ESC ] 0 ; title BEL` (sets the terminal's title),
`ESC [ 2 J` (clears the screen), a one-byte CSI (U+009B), or a right-to-left override that
reorders an option's text on screen. Textual strips only BEL, BS, VT, FF and CR from what
it draws, so the rest would reach the terminal.

- `clean_text` is applied where text enters (the card, case, facet and exhibit models,
  profiles, settings, deck lines, notes, stored run snapshots as they are read back): it
  removes C0 controls but tab and newline, DEL, C1 controls, every Unicode format character
  (bidi overrides and isolates, zero-width space and joiners, BOM, tag characters) and lone
  surrogates; a carriage return and the Unicode line/paragraph separators become newlines.
- `escape_text` is applied again at every sink that is not the TUI (plain-text output,
  diagnostics, reports): whatever got past the cleaning (a file name, an old database
  row) is shown as a visible escape such as `\\x1b` instead of being passed on.
- `is_safe_link` says whether a reference may become a link: an https:// URL with a host,
  no whitespace, control, quote, angle bracket or other character a URL must not hold.

Pure Python, no UI: the core and the CLI use it; the TUI shows text through its own helper
built on `clean_text`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlsplit

# Every character of Unicode categories Cc (but tab and newline), Cf, Cs, Zl and Zp, as of
# Unicode 15 (the ranges include the format characters Unicode 15 added to 14's).
_UNSAFE_CLASS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")

_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR",
          0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL", 0x9B: "CSI", 0x9C: "ST", 0x9D: "OSC"}


def has_unsafe(text: str) -> bool:
    """True if `clean_text` would change the text."""
    return _UNSAFE.search(text) is not None


def clean_text(text: str) -> str:
    """Remove controls and invisible format characters; keep tab and newline; idempotent."""
    if _UNSAFE.search(text) is None:  # the common case: one scan, no copy
        return text
    return _UNSAFE.sub("", _LINE_BREAKS.sub("\n", text))


# TOML escapes that can write a character clean_text changes (\b, \f, \r, \uXXXX, \UXXXXXXXX).
_TOML_ESCAPE = re.compile(r"\\[bfruU]")
_SOURCE_IS_CLEAN: ContextVar[bool] = ContextVar("examsim_source_is_clean", default=False)


def toml_source_is_clean(text: str) -> bool:
    """True when no string parsed from this TOML text can hold a character clean_text changes:
    the text holds none, and no escape that could write one."""
    return _UNSAFE.search(text) is None and _TOML_ESCAPE.search(text) is None


@contextmanager
def source_known_clean() -> Iterator[None]:
    """Within this block, `clean_tree` trusts its input: the reader has shown the whole
    source holds nothing to clean (a bank of 10,000 cards loads without walking every field)."""
    token = _SOURCE_IS_CLEAN.set(True)
    try:
        yield
    finally:
        _SOURCE_IS_CLEAN.reset(token)


def clean_tree(value):
    """`clean_text` on every string inside dicts, lists and tuples (keys are left as they are,
    so a key name with a control character is still reported as an unknown key)."""
    if _SOURCE_IS_CLEAN.get():
        return value
    return _clean_tree(value)


def _clean_tree(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {k: _clean_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_tree(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_clean_tree(v) for v in value)
    return value


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape_text(text: str) -> str:
    """For sinks: every character `clean_text` would remove, shown as `\\x1b`, `\\u202e`, ...

    Tab and newline stay. Idempotent: the escapes hold no character that needs escaping.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)


def describe_unsafe(text: str) -> str:
    """The distinct characters `clean_text` removes from `text`, named: 'U+001B ESC, U+202E RIGHT-TO-LEFT OVERRIDE'."""
    seen = dict.fromkeys(_UNSAFE.findall(text))
    names = []
    for ch in seen:
        code = ord(ch)
        name = (_NAMES.get(code) or unicodedata.name(ch, "")
                or ("C1 control" if 0x80 <= code <= 0x9F else "lone surrogate" if 0xD800 <= code <= 0xDFFF else "control"))
        names.append(f"U+{code:04X} {name}")
    return ", ".join(names)


_LINK = re.compile(r"https://[^\s<>\"`{}|\\^\[\]]+")


def is_safe_link(url: str) -> bool:
    """An https:// URL with a host and nothing a link must not hold (whitespace, controls,
    quotes, angle brackets, braces, brackets, backslash, caret, backtick)."""
    if not isinstance(url, str) or has_unsafe(url) or _LINK.fullmatch(url) is None:
        return False
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:
        return False
