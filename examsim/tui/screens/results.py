"""Results: scaled score, pass/fail, per-domain bars and per-task table, then what next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from examsim.core.scoring import GroupResult
from examsim.core.modes import retake_indexes
from examsim.core.run_review import run_forensics
from examsim.core.session import Session
from examsim.tui.format import FULL_NAMES_FROM, bar, card_text, clock_text, name_lines, run_noun, toast

RESULT_WIDTH = len("Meets Competencies")
RETAKE = Binding.Group("Retake")  # missed / never reached: one footer entry, so Help fits at 80 columns


class ResultsScreen(Screen):
    BINDINGS = [
        Binding("r", "review(True)", "Review missed"),
        Binding("a", "review(False)", "Review all"),
        Binding("m", "retake(False)", "Retake missed", group=RETAKE),
        Binding("n", "retake(True)", "Never reached", group=RETAKE),
        Binding("question_mark", "app.help", "Help"),
        Binding("h,escape", "home", "Home"),
    ]

    def __init__(self, session: Session, timed_out: bool = False) -> None:
        super().__init__()
        self.session = session
        self.timed_out = timed_out

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="results"):
            yield Static(self.summary(self.app.size.width), id="summary", markup=False)
        yield Footer()

    def on_resize(self, event) -> None:
        # Domain and task rows are laid out for the width: redo them when it changes.
        self.query_one("#summary", Static).update(self.summary(event.size.width))

    def summary(self, screen_width: int) -> Content:
        s = self.session
        report = s.report  # a finished session's stored report: results never submit
        parts: list = []
        if self.timed_out:
            parts.append((f"Time is up: your {run_noun(s.exam.mode)} was submitted automatically.\n\n", "bold yellow"))
        parts.append(card_text(s.exam.title + "\n", "bold"))
        if report.scaled is not None:
            verdict = "PASS" if report.passed else "FAIL"
            # The scale the verdict was reached on, stored with it (a profile revised since keeps its old runs' marks).
            parts.append((f"Score {report.scaled} / {report.scale_max}   ", "bold"))
            parts.append((f" {verdict} ", "bold reverse green" if report.passed else "bold reverse red"))
            parts.append((f"   (pass mark {report.pass_mark})\n", "dim"))
        else:
            parts.append((f"{report.percent:.0f}% right\n", "bold"))
        scored = "scored items" if report.scaled is not None else "items"  # every quiz item counts
        parts.append(f"{report.right} of {report.scored} {scored} right; {report.answered} of {report.total_items} answered. ")
        parts.append(f"Time used {clock_text(s.elapsed)}" + (f" of {clock_text(s.time_limit)}" if s.time_limit else "") + ".\n")
        missed, never = retake_indexes(s)
        if never:
            parts.append((f"{len(never)} item{'s were' if len(never) != 1 else ' was'} never reached (they count as wrong): "
                          f"N retakes {'them' if len(never) != 1 else 'it'}, apart from the {len(missed)} you saw and "
                          "missed (M).\n", "bold"))
        if report.unscored_total:
            parts.append((f"{report.unscored_total} unscored items did not count (as on the real exam, you were not told which).\n", "dim"))
        header = "Domains (compensatory: only the total decides pass or fail)" if report.scaled is not None else "Domains"
        parts.append((f"\n{header}\n", "bold"))
        parts += self.group_rows(report.domains, screen_width, bar_width=16 if screen_width >= FULL_NAMES_FROM else 10)
        if report.tasks:
            parts.append(("\nTask statements\n", "bold"))
            parts += self.group_rows(report.tasks, screen_width)
        partial = [p for p in report.partial if p.total]
        if partial:
            parts.append(("\nOrdering and matching, partial credit (diagnostic only, NOT counted):\n", "bold"))
            for p in partial:
                parts.append(f"  item {p.index + 1}: {p.in_place} of {p.total} in place\n")
        parts += self._forensics()
        parts.append(("\nAWS publishes no raw-to-scaled conversion; this score uses examsim's documented model (docs/scoring.md).", "dim"))
        return Content.assemble(*parts)

    @staticmethod
    def group_rows(groups: list[GroupResult], screen_width: int, bar_width: int = 0) -> list:
        """One row per domain or task, figures aligned on its first line: within the width
        (padding and scrollbar taken off), so nothing wraps into the next row."""
        usable = screen_width - 5
        key_width = max(len(g.key) for g in groups) + (1 if bar_width else 0)
        prefix = 2 + key_width + 1
        figures = 7 + RESULT_WIDTH  # " 12/14 " and the result
        longest = max(len(g.name) for g in groups)
        if bar_width and screen_width >= FULL_NAMES_FROM:  # a shorter bar before a wrapped name
            bar_width = max(8, min(bar_width, usable - prefix - longest - figures - 1))
        tail = (1 + bar_width if bar_width else 0) + figures
        name_width = min(longest, usable - prefix - tail)
        parts: list = []
        for g in groups:
            style = "green" if g.result == "Meets Competencies" else "yellow"
            key = f"{g.key}." if bar_width else g.key
            first, *more = name_lines(g.name, name_width, screen_width)
            parts.append(card_text(f"  {key:<{key_width}} {first:<{name_width}} "))
            if bar_width:
                parts.append((bar(g.right / g.scored if g.scored else 0, bar_width), style))
                parts.append(" ")
            parts.append(f"{g.right:>2}/{g.scored:<2} ")
            parts.append((g.result + "\n", style))
            parts += [card_text(" " * prefix + line + "\n") for line in more]
        return parts


    def _forensics(self) -> list:
        f = run_forensics(self.session)
        if f is None:  # a run not stored has no answer history
            return []
        parts: list = [("\nAnswer forensics\n", "bold")]
        marked = {k: v for k, v in f.calibration.items() if v[1]}
        if any(k != "not marked" for k in marked):
            for level, (right, answered) in marked.items():
                parts.append(f"  {level:<11} {right:>2} of {answered:<2} right ({100 * right / answered:.0f}%)\n")
        else:
            parts.append(("  Mark confidence with 1 / 2 / 3 (sure / unsure / guess) to see how well calibrated you are.\n", "dim"))
        parts.append(f"  answers changed: {f.changed} (wrong to right {f.wrong_to_right}, right to wrong {f.right_to_wrong})\n")
        slow = [f"Q{i + 1} {clock_text(sec)}{'' if ok else ' (wrong)'}" for i, sec, ok in f.slowest if sec >= 1]
        if slow:
            parts.append("  slowest: " + ", ".join(slow) + "\n")
        return parts

    def action_review(self, only_missed: bool) -> None:
        self.app.open_review(self.session.run_id, only_missed=only_missed) if self.session.run_id else None

    def action_retake(self, unreached: bool) -> None:
        """M: the items seen and missed; N: the items never reached (offered apart)."""
        from examsim.core.assembler import AssemblyError
        from examsim.core.modes import bank_for, new_retake

        missed, never = retake_indexes(self.session)
        if not (never if unreached else missed):
            self.notify("Every item was reached." if unreached else "Nothing you saw was missed: there is nothing to retake.",
                        timeout=4)
            return
        try:
            exam = new_retake(bank_for(self.session.profile, self.app.bank_paths), self.session, unreached=unreached)
        except AssemblyError as exc:
            toast(self, str(exc), severity="error")
            return
        self.app.begin_exam(exam, self.session.profile)

    def action_home(self) -> None:
        self.app.go_home()
