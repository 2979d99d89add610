#!/usr/bin/env python3
"""bund serve in a real browser: the warnings panel and the error overlay are readable.

Starts `bund serve` on a copy of the site with one warning, then with one error too, and runs
axe-core's color-contrast rule (WCAG AA) on the panel and on the overlay in light and dark mode,
on an English and a Chinese page; checks that each panel speaks the page's language and shows the
source line with its caret. Loopback only; bounded waits. Exit 1 on any failure.

    .venv-e2e/bin/python scripts/e2e/check_serve.py .build/release/bund
"""

from __future__ import annotations

import importlib.util
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checks import Tally, chrome  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
tally = Tally("check_serve")
check = tally.check


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, needle: str, seconds: float = 60) -> str:
    deadline = time.time() + seconds
    text = ""
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
            if needle in text:
                return text
        except Exception:
            pass
        time.sleep(0.3)
    return text


def main() -> int:
    bund = Path(sys.argv[1]).resolve()
    work = Path(tempfile.mkdtemp(prefix="bund-serve-e2e-"))
    shutil.copytree(REPO / "Content", work / "Content")
    shutil.copytree(REPO / "Templates", work / "Templates")
    about_en = work / "Content" / "about.en.md"
    about_zh = work / "Content" / "about.zh.md"
    # A warning: an unknown front matter key, on both language versions.
    for page in (about_en, about_zh):
        text = page.read_text("utf-8")
        page.write_text(text.replace("---\n", "---\nsumary: typo\n", 1), "utf-8")
    port = free_port()
    server = subprocess.Popen(
        [str(bund), "serve", "--content", str(work / "Content"), "--templates", str(work / "Templates"),
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    driver = chrome()
    spec = importlib.util.find_spec("axe_playwright_python")
    axe = (Path(spec.origin).parent / "axe.min.js").read_text("utf-8") if spec and spec.origin else None
    try:
        base = f"http://127.0.0.1:{port}"
        page = wait_for(base + "/en/about/", 'id="bund-warnings"')
        check("the warnings panel is in the page", 'id="bund-warnings"' in page, page[:200])

        def contrast(path: str, element: str, label: str) -> None:
            for scheme in ("light", "dark"):
                driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
                    "features": [{"name": "prefers-color-scheme", "value": scheme}]})
                driver.get(base + path)
                if axe is None:
                    check("axe.min.js found", False, "run scripts/e2e/setup")
                    return
                driver.execute_script(axe)
                result = driver.execute_async_script("""
                    const done = arguments[arguments.length - 1];
                    const element = document.querySelector(arguments[0]);
                    if (!element) { done({missing: true}); return; }
                    axe.run(element, {runOnly: ['color-contrast']})
                      .then(r => done({violations: r.violations.map(v => v.nodes.map(n =>
                          n.target.join(' ') + ': ' + n.failureSummary).join('; '))}))
                      .catch(e => done({error: String(e)}));""", element)
                check(f"{label} ({scheme}) is in the page", not result.get("missing"))
                check(f"{label} ({scheme}) has AA contrast", not result.get("violations") and not result.get("error"),
                      str(result.get("violations") or result.get("error")))

        contrast("/en/about/", "#bund-warnings", "en warnings panel")
        contrast("/zh/about/", "#bund-warnings", "zh warnings panel")
        zh = wait_for(base + "/zh/about/", 'id="bund-warnings"')
        check("the zh panel speaks Chinese", "条警告" in zh and "隐藏" in zh, zh[zh.find('id="bund-warnings"'):][:300])
        check("the panel shows the source line and a caret", "bund-caret" in page and "sumary: typo" in page)

        # An error: the overlay over the last good page.
        text = about_zh.read_text("utf-8")
        about_zh.write_text(text + "\n[坏链接](nowhere.md)\n", "utf-8")
        overlay = wait_for(base + "/zh/about/", 'id="bund-error-overlay"')
        check("the error overlay is in the page", 'id="bund-error-overlay"' in overlay)
        check("the zh overlay speaks Chinese", "bund：生成失败" in overlay and "页面会自动刷新" in overlay,
              overlay[overlay.find('id="bund-error-overlay"'):][:300])
        check("the overlay shows the caret", "bund-caret" in overlay)
        contrast("/zh/about/", "#bund-error-overlay", "zh error overlay")
        contrast("/en/about/", "#bund-error-overlay", "en error overlay")
    finally:
        driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
