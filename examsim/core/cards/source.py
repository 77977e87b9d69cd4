"""Reading untrusted bytes as text: BOMs, bad encodings and binary files become diagnostics."""

from __future__ import annotations

from pathlib import Path

from examsim.core.diagnostics import Diagnostic


def read_text(path: Path | str, data: bytes | None = None) -> tuple[str | None, list[Diagnostic]]:
    """Decode a file as UTF-8 (BOM allowed, CRLF folded). Returns (text or None, diagnostics)."""
    name = str(path)
    if data is None:
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            return None, [Diagnostic(name, None, "error", "file not found; check the path", code="io")]
        except IsADirectoryError:
            return None, [Diagnostic(name, None, "error", "is a folder, not a file; name a .toml or deck file", code="io")]
        except OSError as exc:
            return None, [Diagnostic(name, None, "error", f"cannot be read ({exc.strerror}); check its permissions", code="io")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Diagnostic(name, line, "error", "looks like a binary file (it holds NUL bytes), not a text bank; name a UTF-8 text file", code="binary")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Diagnostic(name, line, "error", f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8", code="encoding")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []
