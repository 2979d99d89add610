#!/usr/bin/env python3
"""Bund's search page on a built corpus in headless Chromium: for each query of a fixed en/zh list,
a fresh page (browser cache cleared), the query typed into the box, then the time from the last
keystroke to the results and the gzip -6 bytes of every file the server sent (page, assets, index
files), from the server's log. Needs Chromium and the e2e venv (scripts/e2e/setup):
  .venv-e2e/bin/python bench/search-query-browser.py .build/bench/out/bund-10000-…
"""
import gzip
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

QUERIES = {"en": ["investment", "industrial investment", "digital transformation", "2023"],
           "zh": ["投资", "工业投资", "数字化转型", "技术改造项目", "2023"]}

# When the last keystroke happened and when the result list or the status first changed after it.
TIMING_JS = """
const root = document.querySelector('[data-search]');
const t = window.__searchTiming = {input: 0, rendered: 0};
for (const type of ['keydown', 'input']) window.addEventListener(type, () => { t.input = performance.now(); t.rendered = 0; }, true);
const observer = new MutationObserver(() => { if (t.input && !t.rendered) t.rendered = performance.now(); });
observer.observe(root.querySelector('[data-search-results]'), {childList: true, subtree: true});
"""


def main() -> int:
    site = Path(sys.argv[1])
    log_path = os.path.join(tempfile.mkdtemp(prefix="search-probe-"), "server.log")
    log = open(log_path, "w+")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    server = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory",
                               str(site), str(port)], stdout=subprocess.DEVNULL, stderr=log)
    time.sleep(1.5)
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
              "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost"]:
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=opts)
    try:
        for lang, queries in QUERIES.items():
            for query in queries:
                driver.execute_cdp_cmd("Network.clearBrowserCache", {})
                time.sleep(0.3)
                start = os.path.getsize(log_path)
                driver.get(f"http://127.0.0.1:{port}/{lang}/search/")
                driver.execute_script(TIMING_JS)
                box = driver.find_element(By.CSS_SELECTOR, "[data-search] input[name=q]")
                box.click()
                box.send_keys(query)
                deadline = time.time() + 15
                while time.time() < deadline:
                    status = driver.execute_script("return document.querySelector('[data-search-status]').textContent")
                    if query in status:
                        break
                    time.sleep(0.05)
                time.sleep(0.5)
                t = driver.execute_script("return window.__searchTiming")
                listed = driver.execute_script("return document.querySelectorAll('[data-search-results] a').length")
                with open(log_path) as f:
                    f.seek(start)
                    served = sorted({line.split('"GET ')[1].split(" ")[0] for line in f if '"GET ' in line})
                total = 0
                for name in served:
                    path = site / urllib.parse.unquote(urllib.parse.urlsplit(name).path).lstrip("/")
                    if path.is_dir():
                        path = path / "index.html"
                    if path.is_file():
                        total += len(gzip.compress(path.read_bytes(), 6, mtime=0))
                ms = round(t["rendered"] - t["input"], 1) if t and t.get("rendered") else None
                print(json.dumps({"lang": lang, "query": query, "status": status.strip(), "listed": listed,
                                  "files": len(served), "kb_gzip": round(total / 1024, 1),
                                  "last_keystroke_to_results_ms": ms}, ensure_ascii=False), flush=True)
    finally:
        driver.quit()
        server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
