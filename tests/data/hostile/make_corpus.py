"""Writes the hostile corpus beside this file (run it again after changing it).

Every file attacks a reader of card text: terminal escape sequences (as TOML escapes and
as raw bytes), BEL, DEL, C1 controls (U+009B is a one-byte CSI), bidi overrides,
zero-width characters, Textual markup, raw HTML, javascript:/data: links and a 1 MB line.
`python tests/data/hostile/make_corpus.py`
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

# The same attacks in two spellings: TOML escapes (decoded by the TOML reader) and raw text.
ESC_T = r"\u001b]0;PWNED\u0007\u001b[2J"          # set the window title, clear the screen
C1_T = r"\u009b31m\u009d0;C1TITLE\u009c\u0085"     # one-byte CSI, OSC, ST, NEL
MISC_T = r"\u007f\u0008\r\u000b\u000c"              # DEL, BS, CR, VT, FF
BIDI_T = r"\u202egnp.exe\u202c\u2066x\u2069"        # right-to-left override; isolates
ZW_T = r"a\u200bb\u200dc\u2060d\ufeffe"             # zero-width space, joiner, word joiner, BOM
ESC_R = "\x1b]0;PWNED\x07\x1b[2J"
C1_R = "\u009b31m\u009d0;C1TITLE\u009c\u0085"
BIDI_R = "\u202egnp.exe\u202c\u2066x\u2069"
ZW_R = "a\u200bb\u200dc\u2060d\ufeffe"
MARKUP = "[@click=app.quit]quit[/] [link=https://evil.example]link[/link] [/foo] [bold]b[/bold]"
HTML = "<img src=x onerror=alert(1)> <script>alert(2)</script> <a href='javascript:alert(3)'>a</a> &amp;"
MD = "[click](javascript:alert(4)) ![img](data:text/html;base64,PHNjcmlwdD4=) `code` *em* <https://x.example>"


def t(*parts: str) -> str:
    """A TOML basic string (the parts are TOML source: escapes stay escapes)."""
    return '"' + " ".join(parts).replace('"', '\\"') + '"'


def escapes_toml() -> str:
    hostile = (ESC_T, C1_T, MISC_T, BIDI_T, ZW_T)
    log_text = t("line one", ESC_T, "\\n  line two", BIDI_T, HTML)
    return f"""# Hostile text as TOML escapes in every field a card, case and exhibit can hold.

[[case]]
id = "hostile-case"
title = {t("Case", ESC_T, BIDI_T)}
scenario = {t("A scenario", *hostile, MARKUP, HTML, MD)}

[[card]]
id = "hostile-choice"
domain = 1
task = "1.1"
level = "intermediate"
category = "concept"
tags = [{t("tag", ESC_T)}, {t("zw", ZW_T)}]
case = "hostile-case"
references = ["https://docs.aws.amazon.com/sagemaker/latest/dg/whatis.html"]
question = {t("Which option is the key", *hostile, MARKUP, HTML, MD)}
answer = {t("Key one is right.", ESC_T, C1_T, MARKUP, HTML, MD, "Wrong one, wrong two and wrong three are wrong.")}
notes = {t("note", ESC_T)}

[card.choice]
correct = [{t("Key one", ESC_T, MARKUP)}]
distractors = [{t("Wrong one", C1_T, HTML)}, {t("Wrong two", BIDI_T, MD)}, {t("Wrong three", ZW_T, MISC_T)}]

[card.exhibit]
title = {t("Exhibit", ESC_T)}
columns = [{t("Col", C1_T)}, {t("Val", BIDI_T)}]
rows = [[{t("r1", ZW_T)}, {t("v1", MARKUP)}], [{t("r2", HTML)}, {t("v2", MD)}]]

[[card]]
id = "hostile-order"
domain = 2
task = "2.1"
case = "hostile-case"
question = {t("Order these", ESC_T)}
answer = {t("First, second, third.", C1_T, HTML)}

[card.order]
stem = {t("Arrange the steps", ESC_T, BIDI_T, MARKUP)}
steps = [{t("Step one", ESC_T)}, {t("Step two", C1_T)}, {t("Step three", BIDI_T, HTML)}]
extra = [{t("Extra step", ZW_T, MD)}]
explanation = {t("Because", ESC_T, MD)}

[card.exhibit]
title = {t("Log", C1_T)}
text = {log_text}

[[card]]
id = "hostile-match"
domain = 3
task = "3.1"
question = {t("Match these", ESC_T)}
answer = {t("Pairs.", MARKUP)}

[card.match]
stem = {t("Match each term", C1_T, HTML)}
pairs = [[{t("Term A", ESC_T)}, {t("Meaning A", MD)}], [{t("Term B", BIDI_T)}, {t("Meaning B", HTML)}], [{t("Term C", ZW_T)}, {t("Meaning C", MARKUP)}]]
extra = [{t("Meaning X", C1_T)}]
explanation = {t("Because", ESC_T, HTML)}
"""


def raw_c1_bidi_toml() -> str:
    # TOML forbids raw C0 controls and DEL but allows raw C1, bidi and zero-width characters.
    return f"""# Raw C1, bidi and zero-width characters (legal raw in TOML strings).

[[card]]
id = "raw-c1"
domain = 4
task = "4.1"
question = "Which one{C1_R} {BIDI_R} {ZW_R}? {MARKUP}"
answer = "Key.{C1_R} {HTML} {MD}"

[card.choice]
correct = ["Key{C1_R}"]
distractors = ["Wrong{BIDI_R}", "Other{ZW_R}", "Third <b>bold</b>"]
"""


def raw_esc_toml() -> bytes:
    # A raw ESC and BEL inside a TOML string: a syntax error whose message echoes the file.
    return ('[[card]]\nid = "raw-esc"\ndomain = 1\ntask = "1.1"\nquestion = "Title ' + ESC_R + '"\nanswer = "A."\n').encode()


BAD_KEY = '"ques\\u001b]0;PWNED\\u0007tion"'


def bad_keys_toml() -> str:
    return f"""# Key names holding escapes and markup: echoed by the unknown-field diagnostic.

[[card]]
id = "bad-keys"
domain = 1
task = "1.1"
question = "Q?"
answer = "A."
{BAD_KEY} = "x"
"[@click=app.quit]x[/]" = "y"
"""


def references_toml() -> str:
    refs = ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "http://example.com/",
            "https://example.com/has space", "https://example.com/\\u001b[2J", "https://exa\\u202emple.com/",
            "https://example.com/)[x](javascript:alert(1)", "https://", "https://example.com/<script>"]
    cards = []
    for n, ref in enumerate(refs):
        cards.append(f'[[card]]\nid = "ref-{n}"\ndomain = 1\ntask = "1.1"\nquestion = "Q {n}?"\nanswer = "A {n}."\n'
                     f'references = ["{ref}"]\n')
    return "# References that must never become links.\n\n" + "\n".join(cards)


def deck_raw() -> bytes:
    lines = [
        "What does this card do" + ESC_R + "?",
        "It sets the terminal title" + ESC_R + " and rings\x07 the bell\x7f.",
        "#tag\x1b[31m#zw" + ZW_R,
        "Intermediate\x1b]0;HEADER\x07",                # header-like line with an escape: echoed in a diagnostic
        "Which C1 control is a one-byte CSI" + C1_R + "?",
        "U+009B" + C1_R + " " + BIDI_R,
        "Advancedconcept",
        "Is " + MARKUP + " shown as typed?",
        "Yes: " + HTML + " " + MD,
        "Why is\u202e this reversed " + ZW_R + "?",
        "Bidi overrides reorder text" + BIDI_R + ".",
        "Does a backspace\x08 or a form feed\x0c erase the line?",
        "Not here\x08\x08\x08\x0b\x0c.",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def long_line() -> bytes:
    unit = "word " * 19 + ESC_R + " "
    line = (unit * (1_048_576 // len(unit) + 1))[:1_048_576]
    return ("What is in a line of one megabyte" + ESC_R + "?\n" + line + "\n"
            "Is the short card after it read too?\nYes, it is.\n").encode("utf-8")


def main() -> None:
    (HERE / "escapes.toml").write_text(escapes_toml(), encoding="utf-8")
    (HERE / "raw-c1-bidi.toml").write_text(raw_c1_bidi_toml(), encoding="utf-8")
    (HERE / "raw-esc.toml").write_bytes(raw_esc_toml())
    (HERE / "bad-keys.toml").write_text(bad_keys_toml(), encoding="utf-8")
    (HERE / "references.toml").write_text(references_toml(), encoding="utf-8")
    (HERE / "deck-raw.txt").write_bytes(deck_raw())
    (HERE / "long-line.txt").write_bytes(long_line())


if __name__ == "__main__":
    main()
