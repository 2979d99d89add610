#!/usr/bin/env python3
"""`bund build --portable` opened from disk (file://) in Chromium: the pages load, following a
link from the menu, the language switcher and a page list lands on a page (never a folder
listing), the stylesheet applies, and the search page says it needs a web server.

    .venv-e2e/bin/python scripts/e2e/check_portable.py .build/release/bund
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checks import Tally, chrome  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
tally = Tally("check_portable")
check = tally.check


def main() -> int:
    bund = Path(sys.argv[1]).resolve()
    out = Path(tempfile.mkdtemp(prefix="bund-portable-")) / "site"
    subprocess.run([str(bund), "build", "--output", str(out), "--portable", "-q"], cwd=REPO, check=True)
    from selenium.webdriver.common.by import By

    driver = chrome()
    try:
        for start in ("en/index.html", "zh/briefings/index.html"):
            driver.get((out / start).as_uri())
            check(f"{start} loads from disk", driver.find_elements(By.TAG_NAME, "h1") != [])
            styled = driver.execute_script(
                "return getComputedStyle(document.body).fontFamily !== '' && document.styleSheets.length > 0")
            check(f"{start}: the stylesheet applies", bool(styled))
            links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "nav a, main a")]
            local = [h for h in links if h and h.startswith("file://") and "#" not in h][:12]
            check(f"{start}: has links to follow", len(local) >= 3, str(links[:5]))
            for href in local:
                driver.get(href)
                title = driver.execute_script("return document.title")
                listing = driver.execute_script("return document.body.innerText.startsWith('Index of')")
                check(f"{start} → {href.rsplit('/site/', 1)[-1]} is a page", bool(title) and not listing, title)
        driver.get((out / "zh" / "search" / "index.html").as_uri())
        status = driver.find_element(By.CSS_SELECTOR, "[data-search-status]").text
        check("the search page says it needs a web server", "服务器" in status, status)
    finally:
        driver.quit()
        shutil.rmtree(out.parent, ignore_errors=True)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
