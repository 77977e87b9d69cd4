"""Score reports (text, Markdown, self-contained HTML): like AWS's score report, plus the
missed items with their explanations and the answer forensics. Readable when printed."""

from __future__ import annotations

import html
import re

from examsim.session import open_finished
from examsim.store import Store
from examsim.study import forensics
from examsim.text import escape_text, is_safe_link

DISCLAIMER = "AWS publishes no raw-to-scaled conversion; this score uses examsim's documented model (docs/scoring.md)."


def _content(store: Store, run_id: int) -> dict:
    """Everything a report shows, read from the stored snapshot and the stored result.
    Reads only: an open run is refused (RunNotFinished), never submitted."""
    row = store.run(run_id)
    session = open_finished(store, run_id)
    report = session.report
    missed = []
    for i in range(len(session.exam.entries)):
        if session.is_correct(i):
            continue
        item = session.entry(i).item
        key = session.shown_key(i)
        options = session.shown_options(i)
        if item.kind == "matching":
            key_text = [f"{p} -> {options[k]}" for p, k in zip(session.shown_prompts(i), key)]
        elif item.kind == "ordering":
            key_text = [f"{n + 1}. {options[k]}" for n, k in enumerate(key)]
        else:
            key_text = [options[k] for k in key]
        missed.append({"number": i + 1, "stem": item.stem, "scenario": item.scenario, "key": key_text,
                       "state": session.answer_state(i), "scored": session.entry(i).scored,
                       "explanation": item.explanation, "references": list(item.references)})
    return {"row": row, "report": report, "missed": missed, "forensics": forensics(store, run_id)}


# ---- escaping card text for each format (card text was cleaned where it entered; this is the
# second line of defence, and it covers runs stored by older versions) ----
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()<>&!#~|])")


def md_escape(text: str) -> str:
    """Card text as Markdown that shows it as typed: no HTML, link, image, emphasis or code."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def md_reference(url: str) -> str:
    """A reference: a link only when it is a safe https:// URL; anything else is plain text."""
    return f"<{url}>" if is_safe_link(url) else md_escape(url) + " (not a link: not an https:// URL)"


def html_reference(url: str) -> str:
    if is_safe_link(url):
        return f'<a href="{html.escape(url)}" rel="noopener noreferrer">{html.escape(url)}</a>'
    return html.escape(url) + " (not a link: not an https:// URL)"


def render_report(store: Store, run_id: int, fmt: str = "text") -> str:
    data = _content(store, run_id)
    if fmt == "html":
        return _html(data)
    return _text(data, markdown=fmt == "markdown")


def _text(data: dict, markdown: bool) -> str:
    row, report, f = data["row"], data["report"], data["forensics"]
    md = md_escape if markdown else str  # every text from a card, a profile or the store
    h = (lambda t: f"## {t}") if markdown else (lambda t: f"{t}\n{'-' * len(t)}")
    bullet = "- " if markdown else "  "
    lines = [f"# {md(row.title)}" if markdown else row.title, ""]
    if report.scaled is not None:
        lines.append(f"Score: {report.scaled} / {report.scale_max} - {'PASS' if report.passed else 'FAIL'} (pass mark {report.pass_mark})")
    lines.append(f"{report.right} of {report.scored} scored items right ({report.percent:.0f}%); run {row.id}, {row.created_at[:16]}")
    lines += ["", h("Domains"), ""]
    for d in report.domains:
        lines.append(f"{bullet}Domain {d.key}: {md(d.name)}: {d.right}/{d.scored} - {md(d.result)}")
    if report.tasks:
        lines += ["", h("Task statements"), ""]
        for t in report.tasks:
            lines.append(f"{bullet}{t.key} {md(t.name)}: {t.right}/{t.scored} - {md(t.result)}")
    lines += ["", h("Answer forensics"), ""]
    for level, (right, answered) in f.calibration.items():
        if answered:
            lines.append(f"{bullet}{level}: {right} of {answered} right ({100 * right / answered:.0f}%)")
    lines.append(f"{bullet}answers changed: {f.changed} (wrong to right {f.wrong_to_right}, right to wrong {f.right_to_wrong})")
    slow = ", ".join(f"Q{i + 1} {s / 60:.1f} min{'' if c else ' (wrong)'}" for i, s, c in f.slowest if s > 0)
    if slow:
        lines.append(f"{bullet}slowest: {slow}")
    lines += ["", h(f"Missed items ({len(data['missed'])})"), ""]
    for m in data["missed"]:
        lines.append(f"{'### ' if markdown else ''}Question {m['number']}{'' if m['scored'] else ' (unscored)'}{_state_tag(m)}")
        if m["scenario"]:
            lines.append(f"Case: {md(m['scenario'])}")
        lines.append(md(m["stem"]))
        lines.append("Key: " + "; ".join(md(k) for k in m["key"]))
        lines.append(f"Why: {md(m['explanation'])}")
        if m["references"]:
            lines.append("References: " + " ".join(md_reference(r) if markdown else r for r in m["references"]))
        lines.append("")
    lines.append(DISCLAIMER)
    return escape_text("\n".join(lines))


_CSS = """body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.5rem}h2{font-size:1.15rem;border-bottom:1px solid #ccc;margin-top:2rem}
.pass{color:#0a6b2d;font-weight:700}.fail{color:#a11;font-weight:700}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left}.item{page-break-inside:avoid;margin:1rem 0}
.key{font-weight:600}.muted{color:#555;font-size:.9em}@media print{body{margin:0}}"""


def _html(data: dict) -> str:
    e = html.escape
    row, report, f = data["row"], data["report"], data["forensics"]
    out = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>", f"<title>{e(row.title)}</title>",
           f"<style>{_CSS}</style></head><body>", f"<h1>{e(row.title)}</h1>"]
    if report.scaled is not None:
        verdict = "PASS" if report.passed else "FAIL"
        out.append(f"<p>Score <strong>{report.scaled}</strong> / {report.scale_max} "
                   f"<span class='{verdict.lower()}'>{verdict}</span> (pass mark {report.pass_mark})</p>")
    out.append(f"<p>{report.right} of {report.scored} scored items right ({report.percent:.0f}%). Run {row.id}, {e(row.created_at[:16])}.</p>")
    out.append("<h2>Domains</h2><table><tr><th>Domain</th><th>Right</th><th>Result</th></tr>")
    for d in report.domains:
        out.append(f"<tr><td>{e(d.key)}. {e(d.name)}</td><td>{d.right}/{d.scored}</td><td>{e(d.result)}</td></tr>")
    out.append("</table>")
    if report.tasks:
        out.append("<h2>Task statements</h2><table><tr><th>Task</th><th>Right</th><th>Result</th></tr>")
        for t in report.tasks:
            out.append(f"<tr><td>{e(t.key)} {e(t.name)}</td><td>{t.right}/{t.scored}</td><td>{e(t.result)}</td></tr>")
        out.append("</table>")
    out.append("<h2>Answer forensics</h2><table><tr><th>Confidence</th><th>Right</th></tr>")
    for level, (right, answered) in f.calibration.items():
        if answered:
            out.append(f"<tr><td>{e(level)}</td><td>{right} of {answered} ({100 * right / answered:.0f}%)</td></tr>")
    out.append(f"</table><p>Answers changed: {f.changed} (wrong to right {f.wrong_to_right}, right to wrong {f.right_to_wrong}).</p>")
    out.append(f"<h2>Missed items ({len(data['missed'])})</h2>")
    for m in data["missed"]:
        tags = ("" if m["scored"] else " (unscored)") + _state_tag(m)
        out.append(f"<div class='item'><h3>Question {m['number']}{tags}</h3>")
        if m["scenario"]:
            out.append(f"<p class='muted'>Case: {e(m['scenario'])}</p>")
        out.append(f"<p>{e(m['stem'])}</p><p class='key'>Key: {'; '.join(e(k) for k in m['key'])}</p>")
        out.append(f"<p>{e(m['explanation'])}</p>")
        if m["references"]:
            out.append("<p class='muted'>References: " + " ".join(html_reference(r) for r in m["references"]) + "</p>")
        out.append("</div>")
    out.append(f"<p class='muted'>{e(DISCLAIMER)}</p></body></html>")
    return escape_text("\n".join(out))


def _state_tag(missed: dict) -> str:
    """A missed item's answer state, when there was no complete answer to be wrong."""
    return "" if missed["state"] == "complete" else f" ({missed['state']})"
