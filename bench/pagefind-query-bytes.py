#!/usr/bin/env python3
"""Bytes Pagefind fetches for one query, for the side-by-side with bench/query-bytes.py.

Serves a Hugo + Pagefind output folder, opens a probe page per language in headless Chromium, runs
Pagefind's JS API (`pagefind.search(q)`, then `data()` of the first ten results) and sums the gzip -6
sizes of the files the server was asked for (Pagefind's own files are gzip already). The server's
log is the source, not Resource Timing: in a first try the page's entries named only 2–3 of the
17–20 files the server sent. No page or UI assets
are counted. Needs Chromium and the e2e venv (scripts/e2e/setup):
  .venv-e2e/bin/python bench/pagefind-query-bytes.py .build/bench/out/hugo-10000-…
"""
import gzip, json, os, subprocess, sys, tempfile, time, socket, urllib.parse
from pathlib import Path
site = Path(sys.argv[1])
LOG_PATH = os.path.join(tempfile.mkdtemp(prefix="pagefind-probe-"), "server.log")
QUERIES = {"en": ["investment", "industrial investment", "digital transformation", "2023"],
           "zh-Hans": ["投资", "工业投资", "数字化转型", "技术改造项目", "2023"]}
for lang in QUERIES:
    (site / f"probe-{lang}.html").write_text(f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>p</title></head><body></body></html>')
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
LOG = open(LOG_PATH, "w+")
server = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(site), str(port)],
                          stdout=subprocess.DEVNULL, stderr=LOG)
time.sleep(1.5)
os.environ["SE_OFFLINE"] = "true"
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
opts = webdriver.ChromeOptions(); opts.binary_location = "/usr/bin/chromium"
for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
          "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost"]:
    opts.add_argument(a)
driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=opts)
driver.set_script_timeout(60)
PROBE = """
const done = arguments[arguments.length - 1];
(async () => {
  const pf = await import('/pagefind/pagefind.js');
  await pf.init();
  const t0 = performance.now();
  const r = await pf.search(arguments[0]);
  await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  done({hits: r.results.length, ms: performance.now() - t0,
        names: performance.getEntriesByType('resource').map(e => e.name)});
})().catch(e => done({error: String(e)}));
"""
try:
    for lang, queries in QUERIES.items():
        for q in queries:
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            time.sleep(0.3)
            start = os.path.getsize(LOG_PATH)
            driver.get(f"http://127.0.0.1:{port}/probe-{lang}.html")
            r = driver.execute_async_script(PROBE, q)
            if "error" in r:
                print(lang, q, r["error"]); continue
            time.sleep(0.5)
            with open(LOG_PATH) as f:
                f.seek(start)
                served = [line.split('"GET ')[1].split(" ")[0] for line in f if '"GET ' in line]
            r["names"] = sorted(set(served))
            total = 0
            for name in r["names"]:
                path = site / urllib.parse.unquote(urllib.parse.urlsplit(name).path).lstrip("/")
                if path.is_file():
                    total += len(gzip.compress(path.read_bytes(), 6, mtime=0))
            print(json.dumps({"lang": lang, "query": q, "hits": r["hits"], "files": len(r["names"]),
                              "index_kb_gzip": round(total / 1024, 1), "ms": round(r["ms"], 1)}, ensure_ascii=False))
finally:
    driver.quit(); server.terminate()
    for lang in QUERIES: (site / f"probe-{lang}.html").unlink()
