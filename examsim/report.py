"""Score reports as text or Markdown: the score, per-domain feedback, and the missed items."""

from __future__ import annotations

from examsim.profiles import load_profile
from examsim.session import Session
from examsim.store import Store


def render_report(store: Store, run_id: int, fmt: str = "text") -> str:
    row = store.run(run_id)
    session = Session.resume(store, run_id, load_profile(row.profile))
    report = session.report or session.submit()
    md = fmt == "markdown"
    h = (lambda t: f"## {t}") if md else (lambda t: f"{t}\n{'-' * len(t)}")
    lines = [f"# {row.title}" if md else row.title, ""]
    if report.scaled is not None:
        lines.append(f"Score: {report.scaled} / {session.profile.scale.max} - {'PASS' if report.passed else 'FAIL'} (pass mark {session.profile.scale.pass_mark})")
    lines.append(f"{report.right} of {report.scored} scored items right ({report.percent:.0f}%); run {row.id}, {row.created_at[:16]}")
    lines += ["", h("Domains"), ""]
    for d in report.domains:
        lines.append(f"{'- ' if md else '  '}Domain {d.key}: {d.name}: {d.right}/{d.scored} - {d.result}")
    missed = [i for i in range(len(session.exam.entries)) if not session.is_correct(i)]
    lines += ["", h(f"Missed items ({len(missed)})"), ""]
    for i in missed:
        item = session.entry(i).item
        key = session.shown_key(i)
        options = session.shown_options(i)
        lines.append(f"{'### ' if md else ''}Question {i + 1}: {item.stem}")
        lines.append("Key: " + "; ".join(options[k] for k in key) if item.kind != "matching" else
                     "Key: " + "; ".join(f"{p} -> {options[k]}" for p, k in zip(session.shown_prompts(i), key)))
        lines.append(f"Why: {item.explanation}")
        lines.append("")
    lines.append("AWS publishes no raw-to-scaled conversion; this score uses examsim's documented model.")
    return "\n".join(lines)
