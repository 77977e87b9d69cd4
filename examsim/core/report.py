"""Score reports (text, Markdown, self-contained HTML): like AWS's score report, plus the
missed items with their explanations and the answer forensics. Readable when printed."""

from __future__ import annotations

import html
import re

from examsim.core.exhibits import exhibit_lines, one_line
from examsim.core.items import letter, say_answer
from examsim.core.session import open_finished
from examsim.core.store import Store
from examsim.core.study import forensics
from examsim.core.text import escape_text, is_safe_link
from examsim.core.when import duration, local_date

DISCLAIMER = "AWS publishes no raw-to-scaled conversion; this score uses examsim's documented model (docs/scoring.md)."


def _content(store: Store, run_id: int) -> dict:
    """Everything a report shows, read from the stored snapshot and the stored result.
    Reads only: an open run is refused (RunNotFinished), never submitted."""
    from examsim.core.modes import shown_indexes

    row = store.run(run_id)
    session = open_finished(store, run_id)
    report = session.report
    shown = shown_indexes(session)
    missed, never_reached = [], []
    for i in range(len(session.exam.entries)):
        if session.is_correct(i):
            continue
        if i not in shown:
            never_reached.append(i + 1)
            continue
        item = session.entry(i).item
        options, prompts = session.shown_options(i), session.shown_prompts(i)
        response = session.shown_response(i)
        state = session.answer_state(i)
        missed.append({"number": i + 1, "kind": item.kind, "item": item, "stem": item.stem, "scenario": item.scenario,
                       "options": [f"{letter(n)}. {o}" for n, o in enumerate(options)], "prompts": list(prompts),
                       "yours": say_answer(item.kind, response, options, prompts) if state != "unanswered" else [],
                       "key": say_answer(item.kind, session.shown_key(i), options, prompts),
                       "state": state, "scored": session.entry(i).scored,
                       "explanation": item.explanation, "references": list(item.references)})
    c = session.counts()
    counts = {"answered": c.answered, "incomplete": c.incomplete, "unanswered": c.unanswered, "total": c.total}
    return {"row": row, "report": report, "missed": missed, "never_reached": never_reached, "counts": counts,
            "forensics": forensics(store, run_id)}


def _summary_lines(data: dict) -> list[str]:
    """Time used and the answer counts: plain words, the same in every format."""
    row, c = data["row"], data["counts"]
    used = f"Time used: {duration(row.elapsed)}" + (f" of {duration(row.minutes * 60)}" if row.minutes else " (untimed)")
    return [used, f"Answered {c['answered']}, incomplete {c['incomplete']}, unanswered {c['unanswered']} (of {c['total']} items)"]


def _never_reached_line(numbers: list[int]) -> str:
    """ "Never reached (59, counted as wrong): 7-65": question numbers only, runs joined."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    spans = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    return f"Never reached ({len(numbers)}, counted as wrong): {spans}" if numbers else ""


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
    lines.append(f"{report.right} of {report.scored} {'scored ' if report.scaled is not None else ''}items right "
                 f"({report.percent:.0f}%); run {row.id}, {local_date(row.created_at)}")
    lines += [f"{line}{'  ' if markdown else ''}" for line in _summary_lines(data)]
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
    slow = ", ".join(f"Q{i + 1} {duration(s)}{'' if c else ' (wrong)'}" for i, s, c in f.slowest if s > 0)
    if slow:
        lines.append(f"{bullet}slowest: {slow}")
    lines += ["", h(f"Missed items ({len(data['missed']) + len(data['never_reached'])})"), ""]
    for m in data["missed"]:
        lines.append(f"{'### ' if markdown else ''}Question {m['number']}{'' if m['scored'] else ' (unscored)'}{_state_tag(m)}")
        if m["scenario"]:
            lines.append(f"Case: {md(m['scenario'])}")
        lines += [md(m["stem"]), ""]
        if m["item"].has_exhibit:
            lines += (_markdown_exhibit(m["item"]) if markdown else _text_exhibit(m["item"]) + [""])
        if m["kind"] == "matching":
            lines += [f"{bullet}{n + 1}. {md(p)}" for n, p in enumerate(m["prompts"])]
            lines.append("")
        lines += [f"{bullet}{md(o)}" for o in m["options"]]
        lines.append("")
        lines += _answer_block("Your answer", [md(a) for a in m["yours"]] or ["(none)"], bullet, markdown)
        lines += _answer_block("Key", [md(k) for k in m["key"]], bullet, markdown)
        lines.append(f"Why: {md(m['explanation'])}")
        if m["references"]:
            lines.append("References: " + " ".join(md_reference(r) if markdown else r for r in m["references"]))
        lines.append("")
    if data["never_reached"]:
        lines += [_never_reached_line(data["never_reached"]), ""]
    if report.scaled is not None:
        lines.append(md(DISCLAIMER) if markdown else DISCLAIMER)
    return escape_text("\n".join(lines))


def _text_exhibit(item) -> list[str]:
    return [f"Exhibit: {item.exhibit_title}", *("    " + line for line in exhibit_lines(item))]


def _md_cell(text: str) -> str:
    """A table cell or the title: one line (a line break would end the table row), escaped."""
    return md_escape(one_line(text))


def _markdown_exhibit(item) -> list[str]:
    """A Markdown table (cells escaped, so a `|` stays in its cell), or a fenced block whose
    fence is longer than any run of backticks in the text (so the text cannot close it)."""
    out = ["", f"**Exhibit: {_md_cell(item.exhibit_title)}**", ""]
    if item.exhibit_columns:
        width = len(item.exhibit_columns)
        out.append("| " + " | ".join(_md_cell(c) for c in item.exhibit_columns) + " |")
        out.append("|" + "---|" * width)
        for row in item.exhibit_rows:
            cells = [_md_cell(c) for c in row] + [""] * (width - len(row))
            out.append("| " + " | ".join(cells) + " |")
    else:
        text = "\n".join(exhibit_lines(item))
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
        out += [fence + "text", text, fence]
    out.append("")
    return out


def _html_exhibit(item) -> str:
    e = html.escape
    out = [f"<figure class='exhibit'><figcaption>Exhibit: {e(item.exhibit_title)}</figcaption>"]
    if item.exhibit_columns:
        out.append("<table><tr>" + "".join(f"<th>{e(one_line(c))}</th>" for c in item.exhibit_columns) + "</tr>")
        for row in item.exhibit_rows:
            out.append("<tr>" + "".join(f"<td>{e(one_line(c))}</td>" for c in row) + "</tr>")
        out.append("</table>")
    else:
        out.append(f"<pre>{e(chr(10).join(exhibit_lines(item)))}</pre>")
    out.append("</figure>")
    return "".join(out)


def _answer_block(label: str, answers: list[str], bullet: str, markdown: bool) -> list[str]:
    if len(answers) == 1:
        return [f"{label}: {answers[0]}" + ("  " if markdown else "")]
    return [f"{label}:"] + [f"{bullet}{a}" for a in answers] + ([""] if markdown else [])


_CSS = """body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.5rem}h2{font-size:1.15rem;border-bottom:1px solid #ccc;margin-top:2rem;break-after:avoid}h3{font-size:1rem;margin:0}
.pass{color:#0a6b2d;font-weight:700}.fail{color:#a11;font-weight:700}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left}td+td,th+th{white-space:nowrap}
.item{break-inside:avoid;page-break-inside:avoid;margin:1rem 0;padding:.5rem .75rem;border:1px solid #ddd;border-radius:4px}
.item p{margin:.4rem 0}.item ol{margin:.25rem 0 .5rem}.options,.refs{list-style:none;padding-left:0;margin:.4rem 0}
.yours{color:#a11}.key{color:#0a6b2d;font-weight:600}.label{font-weight:600;color:#111}.muted{color:#555;font-size:.9em}
a{color:#0645ad;overflow-wrap:anywhere}
@media print{body{margin:0;max-width:none;font-size:12px;line-height:1.4}h2{margin-top:1.2rem}}
figure.exhibit{margin:.5rem 0}figcaption{font-weight:600}pre{overflow-x:auto;background:#f4f4f4;padding:.5rem;white-space:pre}"""


def _html(data: dict) -> str:
    e = html.escape
    row, report, f = data["row"], data["report"], data["forensics"]
    out = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>", f"<title>{e(row.title)}</title>",
           f"<style>{_CSS}</style></head><body>", f"<h1>{e(row.title)}</h1>"]
    if report.scaled is not None:
        verdict = "PASS" if report.passed else "FAIL"
        out.append(f"<p>Score <strong>{report.scaled}</strong> / {report.scale_max} "
                   f"<span class='{verdict.lower()}'>{verdict}</span> (pass mark {report.pass_mark})</p>")
    out.append(f"<p>{report.right} of {report.scored} {'scored ' if report.scaled is not None else ''}items right "
               f"({report.percent:.0f}%). Run {row.id}, {e(local_date(row.created_at))}.<br>"
               + "<br>".join(e(line) for line in _summary_lines(data)) + "</p>")
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
    out.append(f"<h2>Missed items ({len(data['missed']) + len(data['never_reached'])})</h2>")
    for m in data["missed"]:
        tags = ("" if m["scored"] else " (unscored)") + _state_tag(m)
        out.append(f"<div class='item'><h3>Question {m['number']}{tags}</h3>")
        if m["scenario"]:
            out.append(f"<p class='muted'>Case: {e(m['scenario'])}</p>")
        out.append(f"<p>{e(m['stem'])}</p>")
        if m["item"].has_exhibit:
            out.append(_html_exhibit(m["item"]))
        if m["kind"] == "matching":
            out.append("<ol>" + "".join(f"<li>{e(p)}</li>" for p in m["prompts"]) + "</ol>")
        out.append("<ul class='options'>" + "".join(f"<li>{e(o)}</li>" for o in m["options"]) + "</ul>")
        yours = "<br>".join(e(a) for a in m["yours"]) or "(none)"
        out.append(f"<p class='yours'><span class='label'>Your answer:</span> {yours}</p>")
        out.append(f"<p class='key'><span class='label'>Key:</span> {'<br>'.join(e(k) for k in m['key'])}</p>")
        out.append(f"<p>{e(m['explanation'])}</p>")
        if m["references"]:
            out.append("<div class='muted'>References<ul class='refs'>"
                       + "".join(f"<li>{html_reference(r)}</li>" for r in m["references"]) + "</ul></div>")
        out.append("</div>")
    if data["never_reached"]:
        out.append(f"<p>{e(_never_reached_line(data['never_reached']))}</p>")
    if report.scaled is not None:
        out.append(f"<p class='muted'>{e(DISCLAIMER)}</p>")
    out.append("</body></html>")
    return escape_text("\n".join(out))


def _state_tag(missed: dict) -> str:
    """A missed item's answer state, when there was no complete answer to be wrong."""
    return "" if missed["state"] == "complete" else f" ({missed['state']})"
