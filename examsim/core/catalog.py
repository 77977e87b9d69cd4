"""Which exams a candidate can practise for: each profile with what its bank offers.

A profile whose bank cannot fill one full exam has "no bank yet": it is listed, never
offered as a choice, and nothing starts on it (`require_bank`). How many full exams a bank
fills takes loading the bank (about two seconds for the bundled one), so the count is cached
in the data dir, keyed by the profile file and the bank files' sizes and times.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from examsim import __version__
from examsim.core.bank import DECK_SUFFIXES, Bank, bundled_bank_paths, expand_paths, load_bank
from examsim.core.errors import ExamsimError
from examsim.core.profiles import Profile, load_all_profiles, profile_path

CACHE_NAME = "full-exams.json"


class NoBank(ExamsimError):
    """The profile's bank cannot fill one full exam: nothing starts on it."""

    status = 1


@dataclass(frozen=True)
class ProfileSummary:
    id: str
    code: str
    name: str
    items: int
    minutes: int
    pass_mark: int
    full_exams: int
    sits: str | None
    duration_confirmed: bool

    @property
    def has_bank(self) -> bool:
        return self.full_exams > 0


def no_bank_message(profile: Profile) -> str:
    return (f"{profile.code} has no bank yet: examsim's bundled cards cannot fill one full {profile.code} exam. "
            f"Practise for another exam (`examsim profiles` lists them), or pass --bank with your own {profile.code} cards")


def has_bundled_cards(profile: Profile) -> bool:
    """Cheap: whether the profile's bundled bank folders hold any card file at all."""
    files, _diags = expand_paths([p for p in bundled_bank_paths(profile) if p.exists()])
    return any(f.suffix == ".toml" or f.suffix in DECK_SUFFIXES for f in files)


def require_bank(profile: Profile, bank: Bank | None = None) -> None:
    """Refuse (NoBank, exit 1) a profile whose bank cannot fill one full exam. Without a bank,
    only the cheap check (no card files at all) is made, before anything is loaded."""
    if bank is None:
        if not has_bundled_cards(profile):
            raise NoBank(no_bank_message(profile))
        return
    if not fills_an_exam(bank, profile):
        raise NoBank(no_bank_message(profile))


def fills_an_exam(bank: Bank, profile: Profile) -> bool:
    from examsim.core.assembler import count_full_exams

    return count_full_exams(bank.items, profile, at_most=1) >= 1


def _signature(profile: Profile, paths: list[Path] | None) -> str:
    """Changes whenever the profile file, a bank file or examsim itself does (sizes and times, no reading)."""
    digest = hashlib.sha256(__version__.encode())
    files, _diags = expand_paths(list(paths) if paths else [p for p in bundled_bank_paths(profile) if p.exists()])
    for path in [profile_path(profile.id)] + files:
        try:
            st = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def _read_cache(data_dir: Path | None) -> dict:
    if data_dir is None:
        return {}
    try:
        data = json.loads((Path(data_dir) / CACHE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_cache(data_dir: Path | None, cache: dict) -> None:
    if data_dir is None:
        return
    path = Path(data_dir) / CACHE_NAME
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(cache, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs time next start


def full_exams(profile: Profile, data_dir: Path | None = None, paths: list[Path] | None = None) -> int:
    """How many full exams the bank fills with no card repeated (cached in the data dir)."""
    from examsim.core.assembler import count_full_exams

    if not paths and not has_bundled_cards(profile):
        return 0
    key = f"{profile.id}:{_signature(profile, paths)}"
    cache = _read_cache(data_dir)
    if isinstance(cache.get(key), int):
        return cache[key]
    count = count_full_exams(load_bank(paths or None, profile).items, profile)
    cache = {k: v for k, v in _read_cache(data_dir).items() if not k.startswith(profile.id + ":")}
    cache[key] = count
    _write_cache(data_dir, cache)
    return count


def summary(profile: Profile, full: int) -> ProfileSummary:
    return ProfileSummary(profile.id, profile.code, profile.name, profile.items, profile.minutes,
                          profile.scale.pass_mark, full, profile.sits, profile.duration_confirmed)


def profiles_in_order() -> list[Profile]:
    return sorted(load_all_profiles(), key=lambda p: (p.menu_order, p.id))


def profile_summaries(data_dir: Path | None = None, paths: list[Path] | None = None) -> list[ProfileSummary]:
    """Every profile, in menu order, with the full exams its bank fills."""
    return [summary(p, full_exams(p, data_dir, paths)) for p in profiles_in_order()]
