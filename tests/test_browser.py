"""examsim in a real browser (issue 16, point 8): `examsim serve` (textual-serve) on a free
loopback port, Debian's chromium driven by Playwright (no browser download), the app started
from the page's Start button, and home checked from a screenshot.

textual-serve draws the terminal with xterm.js on a canvas, so the page has no text to query:
the test reads the screenshot's pixels (tests/helpers/png.py) and the bytes the app sent
over the page's websocket. Every request that is not to 127.0.0.1 is refused, so the page's
web-font link never leaves the machine. Bounded: each wait has a deadline, ~30 s at most.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.helpers.png import count_colour, decode_png

CHROMIUM = Path("/usr/bin/chromium")
HOME_TEXT = b"Full practice exam"

pytestmark = pytest.mark.slow


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    """`examsim serve` on a free loopback port, in its own process group; stopped afterwards."""
    from examsim.core.settings import Settings, save_settings

    (tmp_path / "data").mkdir()
    save_settings(tmp_path / "data", Settings(profile="mla-c01"))  # not a first start: home, not the chooser
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "examsim", "--data-dir", str(tmp_path / "data"), "serve",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("examsim serve did not answer on 127.0.0.1 within 15 s")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        # The server and the app it started for the page share this process group.
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=5)


def _browser(playwright):
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM}: `apt-get install -y chromium` (as root; .ci/run does this)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"], timeout=20_000)


def test_home_is_drawn_in_a_real_browser(served, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the [test] extra: pip install '.[test]'")
    from textual.theme import BUILTIN_THEMES

    colours = BUILTIN_THEMES["textual-dark"].to_color_system().generate()  # the app's default theme
    background, accent, text = (_hex(colours[name]) for name in ("background", "footer-key-foreground", "foreground"))
    splash_button = (94, 11, 167)  # textual-serve's Start button

    with sync_api.sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 600})
            page.set_default_timeout(15_000)
            # Loopback only: the page links a web font on the internet; refuse that and anything else.
            page.route("**/*", lambda route: route.continue_() if urlparse(route.request.url).hostname == "127.0.0.1"
                       else route.abort())
            received: list[bytes] = []
            page.on("websocket", lambda ws: ws.on(
                "framereceived", lambda data: received.append(data if isinstance(data, bytes) else data.encode())))

            page.goto(f"{served}/?delay=1")  # the splash with a Start button; nothing runs yet
            _w, _h, splash = decode_png(page.screenshot())
            assert count_colour(splash, splash_button, 8) > 1000, "the splash's Start button is not on the page"
            assert not received

            page.click("#start")  # starts the app from the page
            page.wait_for_selector("body.-first-byte")
            deadline = time.monotonic() + 15
            while HOME_TEXT not in b"".join(received):
                assert time.monotonic() < deadline, "home was not sent to the page within 15 s"
                page.wait_for_timeout(200)
            page.wait_for_timeout(500)  # let xterm.js draw the last frames
            shot = page.screenshot()
        finally:
            browser.close()

    (tmp_path / "home.png").write_bytes(shot)  # for a person to look at when this fails
    width, height, rows = decode_png(shot)
    pixels = width * height
    # The splash is gone and the app's own background fills the page.
    assert count_colour(rows, splash_button, 8) == 0
    assert count_colour(rows, background, 4) > pixels * 0.3
    # The footer of home: its key letters in the theme's accent colour, along the bottom.
    assert count_colour(rows, accent, 16, top=height * 9 // 10) > 50
    assert count_colour(rows, accent, 16, bottom=height * 9 // 10) < 20
    # Text is drawn: light glyph pixels spread down the screen (title, readiness, the menu).
    light = [count_colour(rows, text, 30, top=y, bottom=y + height // 6) for y in range(0, height, height // 6)]
    assert sum(n > 200 for n in light[:3]) >= 2, light
