#!/usr/bin/env python3
"""Checks the site search of a built Bund site in headless Chromium.

Serves the folder (usually Public/) on 127.0.0.1 and, on `en/search/` and `zh/search/`:
the tokenizer cases of Tests/BundSearchTests/Fixtures/tokenizer-cases.json give the same terms in
search.js as in Swift; typing 技术改造 lists the technological-transformation briefing first,
"investment promotion" the investment-promotion briefing, 拿地即开工 (on the English page) the
glossary entry, whose anchor exists; a nonsense query says there is no result; matches are in
<mark>; the arrow keys move through the results and Enter opens one; the count is in a polite
live region; `?q=` runs a search on load; results are in the page within 50 ms of the last
keystroke; no console error and no request to another origin. The index is chunked
(`index.json`, `terms/N.json`, `docs/N.json`): nothing of it loads before the box gets focus,
a query fetches only some of the chunks, a `$&` in a query is quoted as typed (D21), and a
snippet never ends or starts inside a number (`超17` for `超1700亿元`). Without JavaScript the
search page must link to the site's sections, and every page's header must hold the search form.

Each failure prints `PAGE: RULE: detail`; the last line is `N passed, M failed` (checks), and the
exit status is 1 when M > 0. Run with the e2e venv: .venv-e2e/bin/python scripts/e2e/check_search.py Public
"""

from __future__ import annotations

import argparse
import html.parser
import json
import os
import posixpath
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CASES = REPO / "Tests" / "BundSearchTests" / "Fixtures" / "tokenizer-cases.json"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
BUDGET_MS = 50.0
RESULTS_SHOWN = 10  # search.js lists this many results, then a button lists more
NONSENSE = "qxzvjwk"


class Report:
    """Counts checks; a check is one rule on one page and fails on any problem."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, page: str, rule: str, problems) -> bool:
        problems = list(dict.fromkeys(" ".join(str(p).split()) for p in problems if p))
        if problems:
            self.failed += 1
            for p in problems:
                print(f"{page}: {rule}: {p}", flush=True)
            return False
        self.passed += 1
        return True


def note(msg: str) -> None:
    print(f"check_search: {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- server (as check_site.py)
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(root), str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.origin = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 15
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"http.server exited with status {self.proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("http.server did not start listening")

    def url(self, site_path: str) -> str:
        return f"{self.origin}/{site_path}"

    def stop(self) -> None:
        """Stops the server started above, by its own process handle."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# --------------------------------------------------------------------------- browser (as check_site.py)
def start_browser():
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in [
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost",
        "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--lang=en-US", "--hide-scrollbars", "--window-size=1280,800",
    ]:
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
    return driver


# Records, in the page, when the last keystroke or input event happened and when the results or the
# status first changed after it (capture listeners on window run before search.js's own listener).
TIMING_JS = """
const root = document.querySelector('[data-search]');
const t = window.__searchTiming = {input: 0, rendered: 0, samples: []};
const start = () => { t.input = performance.now(); t.rendered = 0; };
for (const type of ['keydown', 'beforeinput', 'input']) window.addEventListener(type, start, true);
const seen = () => {
  if (t.input && !t.rendered) { t.rendered = performance.now(); t.samples.push(t.rendered - t.input); }
};
const observer = new MutationObserver(seen);
for (const el of root.querySelectorAll('[data-search-results], [data-search-status]')) {
  observer.observe(el, {childList: true, subtree: true, characterData: true, attributes: true});
}
"""

WAIT_READY_JS = """
const done = arguments[arguments.length - 1];
const deadline = performance.now() + 10000;
const box = document.querySelector('[data-search] input[name=q]');
if (box) box.focus();  // the entry file loads on first focus
(function poll() {
  const root = document.querySelector('[data-search]');
  if (root && (root.hasAttribute('data-search-ready') || root.hasAttribute('data-search-failed'))) {
    done(root.hasAttribute('data-search-ready') ? 'ready' : 'failed');
  } else if (performance.now() > deadline) done(root ? 'timeout' : 'no [data-search] element');
  else setTimeout(poll, 20);
})();
"""

RESULTS_JS = """
const root = document.querySelector('[data-search]');
const status = root.querySelector('[data-search-status]');
const list = root.querySelector('[data-search-results]');
return {
  status: status.textContent, role: status.getAttribute('role'), live: status.getAttribute('aria-live'),
  hidden: list.hidden,
  links: Array.from(list.querySelectorAll('a')).map(a => ({href: a.href, text: a.textContent})),
  marks: Array.from(list.querySelectorAll('mark')).map(m => m.textContent),
  snippets: Array.from(list.querySelectorAll('.search-result-snippet')).map(p => p.textContent),
  messages: {none: root.getAttribute('data-msg-none') || '', many: root.getAttribute('data-msg-many') || '',
             one: root.getAttribute('data-msg-one') || ''},
};
"""

# Snippet windows over texts with figures: no window may start or end between two digits.
SNIPPET_CUTS_JS = """
const S = window.BundSearch;
const problems = [];
const texts = ["其中工业投资增长超1700亿元，同比增长11.1%，制造业投资增长0.6%以上的项目共计1234个",
               "Industrial investment grew by more than RMB 170.0 billion, up 11.1 percent year on year in 2022"];
for (const text of texts) {
  for (const q of ["同比", "投资", "year", "billion"]) {
    const ranges = S.matchRanges(text, S.parseQuery(q)).ranges;
    for (let width = 6; width <= 40; width++) {
      const {start, end} = S.snippetWindow(text, ranges, width);
      const split = (at) => at > 0 && at < text.length && /[0-9.%]/.test(text[at - 1]) && /[0-9.%]/.test(text[at]);
      if (split(start) || split(end)) problems.push(`${q} width ${width}: ${JSON.stringify(text.slice(start, end))}`);
    }
  }
}
return problems.slice(0, 5);
"""

PARITY_JS = """
const cases = arguments[0];
const S = window.BundSearch;
if (!S) return ['window.BundSearch is missing (search.js did not run)'];
const problems = [];
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
for (const c of cases.documents) {
  const got = S.documentTokens(c.text);
  if (!same(got, c.tokens)) problems.push(`document ${JSON.stringify(c.text)}: ${JSON.stringify(got)}, expected ${JSON.stringify(c.tokens)}`);
}
for (const c of cases.queries) {
  const got = S.parseQuery(c.text).map(t => [t.text, t.prefixes]);
  if (!same(got, c.terms.map(t => [t.text, t.prefixes]))) problems.push(`query ${JSON.stringify(c.text)}: ${JSON.stringify(got)}, expected ${JSON.stringify(c.terms)}`);
}
for (const c of cases.stems) {
  const got = S.stem(c.word);
  if (got !== c.stem) problems.push(`stem ${c.word}: ${got}, expected ${c.stem}`);
}
return problems;
"""


class SearchPage:
    """One language's search page in the browser."""

    def __init__(self, driver, server: Server, lang: str):
        self.driver = driver
        self.server = server
        self.lang = lang
        self.path = f"{lang}/search/"

    requested: set[str] = set()

    def collect(self) -> None:
        """Remembers what the current page requested, before the browser leaves it."""
        try:
            urls = self.driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name);")
        except Exception:
            return
        SearchPage.requested.update(urls or [])

    def open(self, query: str | None = None) -> str:
        self.collect()
        url = self.server.url(self.path) + (f"?q={urllib.parse.quote(query)}" if query else "")
        self.driver.get(url)
        self.before_focus = self.driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/search/'));")
        state = self.driver.execute_async_script(WAIT_READY_JS)
        if state == "ready":
            self.driver.execute_script(TIMING_JS)
        return state

    def input(self):
        from selenium.webdriver.common.by import By
        return self.driver.find_element(By.CSS_SELECTOR, "[data-search] input[name=q]")

    def type(self, query: str) -> dict:
        box = self.input()
        box.clear()
        box.click()
        box.send_keys(query)
        return self.wait_for(query)

    def wait_for(self, query: str, timeout: float = 5.0) -> dict:
        """The results once the status names the query (the last keystroke was handled)."""
        deadline = time.time() + timeout
        shown = query.strip()
        while True:
            r = self.driver.execute_script(RESULTS_JS)
            if shown in r["status"] or time.time() > deadline:
                time.sleep(0.05)  # let late snippet fetches land before the next check
                return self.driver.execute_script(RESULTS_JS)
            time.sleep(0.02)

    def timing(self) -> dict:
        return self.driver.execute_script("return window.__searchTiming || null;")

    def active(self) -> str:
        return self.driver.execute_script(
            "const a = document.activeElement; return a ? (a.href || a.name || a.tagName) : '';")


def site_path(server: Server, href: str) -> str:
    """The path of a URL on the test server, relative to the site root, without query or anchor."""
    p = urllib.parse.urlsplit(href)
    return urllib.parse.unquote(p.path).lstrip("/")


# --------------------------------------------------------------------------- static checks (no JavaScript)
class Links(html.parser.HTMLParser):
    """Collects <a href>, the search forms and the no-JS note of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.hrefs: list[str] = []
        self.browse_hrefs: list[str] = []
        self.in_browse = 0
        self.forms: list[dict] = []
        self.labels: set[str] = set()
        self.nojs = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "search-browse" in (a.get("class") or "").split():
            self.in_browse = 1
        elif self.in_browse and tag == "section":
            self.in_browse += 1
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
            if self.in_browse:
                self.browse_hrefs.append(a["href"])
        if tag == "form":
            self.forms.append({"role": a.get("role"), "action": a.get("action"), "method": a.get("method"), "inputs": []})
        if tag == "input" and self.forms:
            self.forms[-1]["inputs"].append({"name": a.get("name"), "id": a.get("id")})
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if "data-search-nojs" in a:
            self.nojs = True

    def handle_endtag(self, tag):
        if tag == "section" and self.in_browse:
            self.in_browse -= 1


def resolve(root: Path, page_rel: str, href: str) -> Path | None:
    """The file a relative link of a page leads to (folders to their index.html), or None."""
    target = urllib.parse.urlsplit(href)
    if target.scheme or target.netloc or href.startswith("/"):
        return None
    base = posixpath.dirname(page_rel)
    path = posixpath.normpath(posixpath.join(base, urllib.parse.unquote(target.path) or "."))
    if path.startswith(".."):
        return None
    f = root / path
    if f.is_dir():
        f = f / "index.html"
    return f if f.is_file() else None


def check_static(root: Path, langs: list[str], report: Report) -> None:
    for lang in langs:
        rel = f"{lang}/search/index.html"
        page = Links()
        page.feed((root / rel).read_text("utf-8"))
        problems = []
        if not page.nojs:
            problems.append("no [data-search-nojs] note for readers without JavaScript")
        sections = [h for h in page.browse_hrefs if resolve(root, rel, h)]
        if not sections:
            problems.append("the section.search-browse list links to no page of the site")
        broken = [h for h in page.browse_hrefs if not resolve(root, rel, h)]
        problems += [f"browse link {h} leads to no page" for h in broken]
        report.check(rel, "nojs-fallback", problems)

        home_rel = f"{lang}/index.html"
        home = Links()
        home.feed((root / home_rel).read_text("utf-8"))
        problems = []
        forms = [f for f in home.forms if f["role"] == "search"]
        if not forms:
            problems.append('no <form role="search"> in the page')
        for f in forms:
            target = resolve(root, home_rel, f["action"] or "")
            if target is None or target.resolve() != (root / rel).resolve():
                problems.append(f"form action {f['action']!r} does not lead to {rel}")
            if (f["method"] or "get").lower() != "get":
                problems.append(f"form method {f['method']!r}, expected get")
            q = [i for i in f["inputs"] if i["name"] == "q"]
            if not q:
                problems.append('no <input name="q"> in the search form')
            elif not q[0]["id"] or q[0]["id"] not in home.labels:
                problems.append('the <input name="q"> has no <label for>')
        report.check(home_rel, "header-form", problems)


# --------------------------------------------------------------------------- browser checks
def first_href_problem(r: dict, expected: str, query: str) -> list[str]:
    if not r["links"]:
        return [f"{query!r}: no result (status: {r['status']!r})"]
    first = r["links"][0]["href"]
    if expected not in first:
        shown = ", ".join(l["href"].split("/", 3)[-1] for l in r["links"][:3])
        return [f"{query!r}: first result {first}, expected one containing {expected} (top: {shown})"]
    return []


def timing_problem(page: SearchPage, query: str) -> tuple[list[str], float | None]:
    t = page.timing()
    if not t or not t.get("input"):
        return [f"{query!r}: no keystroke was recorded"], None
    if not t.get("rendered"):
        return [f"{query!r}: the results never changed after the last keystroke"], None
    ms = t["rendered"] - t["input"]
    if ms >= BUDGET_MS:
        return [f"{query!r}: results appeared {ms:.1f} ms after the last keystroke (budget {BUDGET_MS:.0f} ms)"], ms
    return [], ms


def check_language_pages(driver, server: Server, report: Report, cases: dict | None, langs: list[str]) -> None:
    from selenium.webdriver.common.keys import Keys

    timings: list[float] = []
    expectations = {
        "zh": [("技术改造", "briefings/technological-transformation/")],
        "en": [("investment promotion", "briefings/investment-promotion/"), ("拿地即开工", "glossary/")],
    }
    for lang in langs:
        page = SearchPage(driver, server, lang)
        state = page.open()
        rel = page.path
        if not report.check(rel, "index-loads", [] if state == "ready" else [f"search index: {state}"]):
            continue

        if cases is not None:
            report.check(rel, "tokenizer-parity", driver.execute_script(PARITY_JS, cases))

        for query, expected in expectations.get(lang, []):
            r = page.type(query)
            timing, ms = timing_problem(page, query)
            if ms is not None:
                timings.append(ms)
            report.check(rel, "timing", timing)
            problems = first_href_problem(r, expected, query)
            if not r["marks"]:
                problems.append(f"{query!r}: no <mark> in the results")
            if not any(s.strip() for s in r["snippets"]):
                problems.append(f"{query!r}: no snippet text")
            counts = [int(x) for x in re.findall(r"\d+", r["status"].replace(query, ""))]
            count = counts[0] if counts else (1 if r["links"] else 0)
            if len(r["links"]) != min(count, RESULTS_SHOWN):
                problems.append(f"{query!r}: {len(r['links'])} results listed, the status {r['status']!r} "
                                f"gives {count} (the first {RESULTS_SHOWN} are listed)")
            if r["role"] != "status" or r["live"] != "polite":
                problems.append(f"status region has role={r['role']!r} aria-live={r['live']!r}")
            if not problems and expected == "glossary/":
                problems = glossary_anchor_problem(page, r["links"][0]["href"], query)
                page.open()
            report.check(rel, f"query {query}", problems)

        # The entry loads on first focus: nothing of the index before it.
        page.open()
        early = [u for u in page.before_focus if u.endswith(".json")]
        report.check(rel, "entry-on-focus", [f"requested before focus: {u}" for u in early])

        # A `$&` in the query is quoted as typed, not read as a replacement pattern (D21).
        odd = "zq$&vk"  # shares no text with NONSENSE, whose check waits for its name in the status
        r = page.type(odd)
        report.check(rel, "status-quotes-query", [] if odd in r["status"] else [f"status {r['status']!r} for {odd!r}"])

        # Snippets end at punctuation, never inside a figure.
        report.check(rel, "snippet-cuts", driver.execute_script(SNIPPET_CUTS_JS))

        # A query fetches the chunks of its terms only, not the whole index.
        chunks = len(list((server.root / lang / "search" / "terms").glob("*.json")))
        fetched = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/search/terms/')).length;")
        problems = []
        if chunks > 3 and fetched >= chunks:
            problems.append(f"fetched {fetched} of {chunks} term chunks")
        report.check(rel, "chunks-on-demand", problems)

        # Nonsense: the status says there is no result, and the list is empty and hidden.
        r = page.type(NONSENSE)
        expected_status = r["messages"]["none"].replace("{q}", NONSENSE)
        problems = []
        if r["links"] or not r["hidden"]:
            problems.append(f"{len(r['links'])} result(s) listed for {NONSENSE!r}")
        if not expected_status or r["status"].strip() != expected_status.strip():
            problems.append(f"status {r['status']!r}, expected {expected_status!r}")
        report.check(rel, "no-result", problems)
        timing, ms = timing_problem(page, NONSENSE)
        if ms is not None:
            timings.append(ms)
        report.check(rel, "timing", timing)

        # Keyboard: down into the list, down, up, up back to the box, then Enter on a result.
        query = expectations[lang][0][0] if lang in expectations else "2023"
        r = page.type(query)
        problems = []
        links = [l["href"] for l in r["links"]]
        if len(links) < 2:
            problems.append(f"{query!r}: fewer than two results to move through")
        else:
            box = page.input()
            box.send_keys(Keys.ARROW_DOWN)
            if page.active() != links[0]:
                problems.append(f"ArrowDown from the box: focus on {page.active()}, expected the first result")
            driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
            if page.active() != links[1]:
                problems.append(f"ArrowDown: focus on {page.active()}, expected the second result")
            driver.switch_to.active_element.send_keys(Keys.ARROW_UP)
            driver.switch_to.active_element.send_keys(Keys.ARROW_UP)
            if page.active() != "q":
                problems.append(f"ArrowUp from the first result: focus on {page.active()}, expected the search box")
            tab_stops = driver.execute_script(
                "return Array.from(document.querySelectorAll('[data-search-results] a')).filter(a => a.tabIndex === 0).length")
            if tab_stops != 1:
                problems.append(f"{tab_stops} results are tab stops, expected 1 (roving focus)")
            box.send_keys(Keys.ENTER)
            if page.active() != links[0]:
                problems.append(f"Enter in the box: focus on {page.active()}, expected the first result")
            page.collect()
            driver.switch_to.active_element.send_keys(Keys.ENTER)
            deadline = time.time() + 10
            while time.time() < deadline and site_path(server, driver.current_url) == page.path:
                time.sleep(0.05)
            if site_path(server, driver.current_url) != site_path(server, links[0]):
                problems.append(f"Enter on the first result went to {driver.current_url}, expected {links[0]}")
        report.check(rel, "keyboard", problems)

        # A query in the URL (the header form without script, or a shared link) runs on load.
        query = expectations[lang][0][0] if lang in expectations else "2023"
        state = page.open(query)
        r = page.wait_for(query)
        problems = [] if state == "ready" else [f"search index: {state}"]
        if page.input().get_attribute("value") != query:
            problems.append(f"the box holds {page.input().get_attribute('value')!r}, expected {query!r}")
        if not r["links"]:
            problems.append(f"?q={query} lists no result (status {r['status']!r})")
        report.check(f"{rel}?q=", "query-parameter", problems)

    if timings:
        note("last keystroke to results: " + ", ".join(f"{t:.1f}" for t in timings) + " ms")


def glossary_anchor_problem(page: SearchPage, href: str, query: str) -> list[str]:
    """The glossary result's #anchor must exist on the glossary page."""
    fragment = urllib.parse.urlsplit(href).fragment
    if not fragment:
        return []
    page.collect()
    page.driver.get(href)
    found = page.driver.execute_script("return !!document.getElementById(decodeURIComponent(arguments[0]));", fragment)
    return [] if found else [f"{query!r}: {href} has no element with id {fragment!r}"]


def check_logs(driver, server: Server, report: Report) -> None:
    logs = driver.get_log("browser")
    report.check("search pages", "console", [f"{e.get('source', '')}: {e['message']}" for e in logs if e["level"] == "SEVERE"])
    SearchPage(driver, server, "").collect()
    offsite = [u for u in sorted(SearchPage.requested) if urllib.parse.urlsplit(u).scheme in ("http", "https", "ws", "wss")
               and not u.startswith(server.origin + "/")]
    report.check("search pages", "offsite-request", [f"requested {u}" for u in offsite])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("public", help="the built site folder (e.g. Public)")
    args = ap.parse_args(argv)
    root = Path(args.public).resolve()
    report = Report()
    langs = sorted(d.name for d in root.iterdir() if (d / "search" / "index.html").is_file()) if root.is_dir() else []
    if not langs:
        print(f"{args.public}: search: no <lang>/search/index.html (is the search page built?)")
        print("0 passed, 1 failed")
        return 1
    for lang in langs:
        folder = root / lang / "search"
        missing = [name for name in ("index.json", "terms/0.json", "docs/0.json") if not (folder / name).is_file()]
        report.check(f"{lang}/search/index.json", "index-files", [f"missing {name}" for name in missing])
    cases = json.loads(CASES.read_text("utf-8")) if CASES.is_file() else None
    if cases is None:
        report.check(str(CASES), "tokenizer-parity", ["the shared tokenizer cases are missing"])
    check_static(root, langs, report)

    server = Server(root)
    driver = None
    try:
        driver = start_browser()
        check_language_pages(driver, server, report, cases, langs)
        check_logs(driver, server, report)
    except Exception as e:  # the browser failed: one failure, with the reason
        first = (str(e).strip().splitlines() or [""])[0]
        report.check("-", "browser", [f"{type(e).__name__}: {first}"])
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                pass
        server.stop()
    print(f"{report.passed} passed, {report.failed} failed", flush=True)
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
