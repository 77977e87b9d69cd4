"""The core: cards to items to exams, the session, scoring, storage and study. It imports no
UI (no `examsim.tui`, no `examsim.cli`, no Textual or Rich): docs/architecture.md."""
