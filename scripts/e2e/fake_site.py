#!/usr/bin/env python3
"""Writes a small bilingual site shaped like Bund's output, for testing check_site.py itself.

    python3 fake_site.py DIR [--break NAME ...]

With no --break the site passes every check. Each --break NAME spoils one thing on one page;
BREAKS maps each name to the (page, rule) failures check_site.py must then report.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

BASE = "https://bund.example.org/"

# name -> failures (page or file, rule) that check_site.py must report for it
BREAKS = {
    "missing-backlink": [("en/briefings/review-2022/index.html", "hreflang")],
    "element-without-hyphen": [("en/about/index.html", "html-valid")],
    "broken-anchor": [("en/briefings/index.html", "links")],
    "img-without-alt": [("zh/briefings/index.html", "axe"), ("zh/briefings/index.html", "html-valid")],
    "folder-without-index": [("zh/index.html", "links")],
    "missing-og-image": [("en/index.html", "links")],
    "offsite-resource": [("en/index.html", "offsite-request"), ("en/index.html", "links")],
    "console-error": [("404.html", "console")],
    "404-relative": [("404.html", "404-urls")],
    "wide-table": [("zh/briefings/review-2022/index.html", "overflow-390"),
                   ("zh/briefings/review-2022/index.html", "overflow-1280")],
    "wrong-lang": [("zh/about/index.html", "hreflang"), ("zh/about/index.html", "lang-switcher")],
    "switcher-to-home": [("en/about/index.html", "lang-switcher")],
    "feed-date": [("en/feed.xml", "feed")],
    "feed-no-lang": [("zh/feed.xml", "feed")],
    "sitemap-unlisted": [("sitemap.xml", "sitemap-coverage")],
    "sitemap-schema": [("sitemap.xml", "sitemap-schema")],
    "sitemap-one-way": [("sitemap.xml", "sitemap-alternates")],
    # vnu 20.6.30 false positive: filtered, so no failure is expected
    "popover": [],
}

LANGS = {"en": ("en", "English"), "zh": ("zh-Hans", "中文")}

# page key -> {lang: (title, heading, anchor, text)}; about exists in English only at first
PAGES = {
    "": {
        "en": ("Shanghai industry briefings", "Latest", "latest", "Briefings on Shanghai's industrial policy."),
        "zh": ("上海产业简报", "最新", "最新", "关于上海产业政策的简报。技术改造与投资促进。"),
    },
    "briefings/": {
        "en": ("Briefings", "All briefings", "all-briefings", "Every briefing, newest first."),
        "zh": ("简报", "全部简报", "全部简报", "全部简报，按日期排列。"),
    },
    "briefings/review-2022/": {
        "en": ("Review of 2022", "Technical upgrades", "technical-upgrades",
               "Industrial investment passed more than RMB 170 billion for the first time."),
        "zh": ("2022年回顾", "技术改造", "技术改造", "工业投资首次突破超1700亿元。"),
    },
    "about/": {
        "en": ("About", "Who we are", "who-we-are", "A small team writing about industry."),
        "zh": ("关于", "我们是谁", "我们是谁", "一个关注产业的小团队。"),
    },
}

STYLE = """\
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,"Noto Sans CJK SC",sans-serif;color:#1a1a1a;background:#fff;line-height:1.6}
:lang(zh-Hans){font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif}
header,main,footer{padding:1rem;max-width:60rem;margin:0 auto}
header ul{list-style:none;display:flex;gap:1rem;padding:0;margin:0}
a{color:#0b4f9c}
table{border-collapse:collapse}
.wide{width:1800px}
"""

FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#0b4f9c"/></svg>\n'


def rel_root(path: str) -> str:
    """Relative path from a page at URL path `path` to the site root."""
    depth = path.count("/")
    return "../" * depth if depth else "./"


def page_html(lang: str, key: str, breaks: set[str], exists: dict) -> str:
    tag, name = LANGS[lang]
    path = f"{lang}/{key}"
    root = rel_root(path)
    title, heading, anchor, text = PAGES[key][lang]
    other = "zh" if lang == "en" else "en"
    has_other = lang in exists[key] and other in exists[key]

    alternates = []
    for code in ("en", "zh"):
        if code in exists[key]:
            if breaks & {"missing-backlink"} and lang == "zh" and key == "briefings/review-2022/" and code == "en":
                continue
            alternates.append((LANGS[code][0], f"{BASE}{code}/{key}"))
    alternates.append(("x-default", BASE))
    alt_html = "\n".join(f'<link rel="alternate" hreflang="{h}" href="{u}">' for h, u in alternates)

    switch = [f'<li><a href="./" hreflang="{tag}" lang="{tag}" aria-current="page">{name}</a></li>']
    otag, oname = LANGS[other]
    if has_other and not ("switcher-to-home" in breaks and path == "en/about/"):
        target = f"{root}{other}/{key}"
    else:
        target = f"{root}{other}/"
    switch.append(f'<li><a href="{target}" hreflang="{otag}" lang="{otag}">{oname}</a></li>')
    if lang == "en":
        switch.reverse()

    extra = ""
    head_extra = ""
    html_lang = tag
    if "element-without-hyphen" in breaks and path == "en/about/":
        extra += "<foobar>not a valid element</foobar>\n"
    if "broken-anchor" in breaks and path == "en/briefings/":
        extra += '<p><a href="#nowhere">a broken anchor</a></p>\n'
    if "img-without-alt" in breaks and path == "zh/briefings/":
        extra += f'<p><img src="{root}assets/favicon.svg" width="16" height="16"></p>\n'
    if "folder-without-index" in breaks and path == "zh/":
        extra += f'<p><a href="{root}assets/">资源</a></p>\n'
    if "offsite-resource" in breaks and path == "en/":
        head_extra += '<link rel="stylesheet" href="https://fonts.example.net/css?family=Inter">\n'
    if "wide-table" in breaks and path == "zh/briefings/review-2022/":
        extra += '<div class="wide"><p>很宽的表格</p></div>\n'
    if "wrong-lang" in breaks and path == "zh/about/":
        html_lang = "zh-CN"
    if "popover" in breaks and path == "en/":
        extra += '<div id="tip" popover>A tip</div>\n'

    more = ""
    if key == "":
        more = f'<ul><li><a href="briefings/review-2022/">{PAGES["briefings/review-2022/"][lang][0]}</a></li></ul>'
    elif key == "briefings/":
        more = f'<ul><li><a href="review-2022/">{PAGES["briefings/review-2022/"][lang][0]}</a></li></ul>'
    elif key == "briefings/review-2022/":
        more = f'<p><a href="../#{anchor_of("briefings/", lang)}">{PAGES["briefings/"][lang][0]}</a></p>'
    contents = "Contents" if lang == "en" else "目录"
    langs_label = "Languages" if lang == "en" else "语言"
    foot = "Bund test site" if lang == "en" else "Bund 测试站点"
    return f"""<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | Bund</title>
<link rel="stylesheet" href="{root}assets/style.css">
<link rel="icon" href="{root}assets/favicon.svg" type="image/svg+xml">
<link rel="canonical" href="{BASE}{path}">
<meta property="og:url" content="{BASE}{path}">
<meta property="og:image" content="{BASE}assets/{'social.png' if 'missing-og-image' in breaks and path == 'en/' else 'favicon.svg'}">
{alt_html}
<link rel="alternate" type="application/atom+xml" href="{root}{lang}/feed.xml" title="{title}">
{head_extra}</head>
<body>
<header>
<p><a href="{root}{lang}/">Bund</a></p>
<nav aria-label="{langs_label}"><ul>{"".join(switch)}</ul></nav>
</header>
<main>
<h1>{title}</h1>
<nav aria-label="{contents}"><ul><li><a href="#{anchor}">{heading}</a></li></ul></nav>
<h2 id="{anchor}">{heading}</h2>
<p>{text}</p>
{more}
{extra}</main>
<footer><p>{foot} · <a href="{root}{lang}/feed.xml">Atom</a></p></footer>
</body>
</html>
"""


def anchor_of(key: str, lang: str) -> str:
    return PAGES[key][lang][2]


def chooser_html(exists: dict) -> str:
    alts = "\n".join(f'<link rel="alternate" hreflang="{LANGS[c][0]}" href="{BASE}{c}/">' for c in LANGS)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bund</title>
<link rel="stylesheet" href="assets/style.css">
<link rel="icon" href="assets/favicon.svg" type="image/svg+xml">
<link rel="canonical" href="{BASE}">
{alts}
<link rel="alternate" hreflang="x-default" href="{BASE}">
</head>
<body>
<main>
<h1>Bund</h1>
<ul>
<li><a href="en/" hreflang="en" lang="en">English</a></li>
<li><a href="zh/" hreflang="zh-Hans" lang="zh-Hans">中文</a></li>
</ul>
</main>
</body>
</html>
"""


def not_found_html(breaks: set[str]) -> str:
    script = "<script>console.error('something broke');</script>\n" if "console-error" in breaks else ""
    # hosts serve 404.html for a missing URL at any depth: its URLs start at the site root
    r = "" if "404-relative" in breaks else "/"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not found | Bund</title>
<link rel="stylesheet" href="{r}assets/style.css">
<link rel="icon" href="{r}assets/favicon.svg" type="image/svg+xml">
<meta name="robots" content="noindex">
</head>
<body>
<main>
<h1>Page not found</h1>
<p><a href="{r}en/">English</a> · <a href="{r}zh/" lang="zh-Hans">中文</a></p>
</main>
{script}</body>
</html>
"""


def feed_xml(lang: str, breaks: set[str]) -> str:
    tag = LANGS[lang][0]
    title, _, _, summary = PAGES["briefings/review-2022/"][lang]
    updated = "2023-01-29" if "feed-date" in breaks and lang == "en" else "2023-01-29T00:00:00Z"
    xml_lang = "" if "feed-no-lang" in breaks and lang == "zh" else f' xml:lang="{tag}"'
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"{xml_lang}>
<id>{BASE}{lang}/</id>
<title>{PAGES[""][lang][0]}</title>
<updated>{updated}</updated>
<link rel="self" href="{BASE}{lang}/feed.xml"/>
<link rel="alternate" href="{BASE}{lang}/"/>
<author><name>Bund</name></author>
<entry>
<id>{BASE}{lang}/briefings/review-2022/</id>
<title>{title}</title>
<updated>2023-01-29T00:00:00Z</updated>
<link rel="alternate" href="{BASE}{lang}/briefings/review-2022/"/>
<summary>{summary}</summary>
</entry>
</feed>
"""


def sitemap_xml(exists: dict, breaks: set[str]) -> str:
    urls = []
    if "sitemap-unlisted" not in breaks:
        urls.append(f"<url><loc>{BASE}</loc>"
                    + "".join(f'<xhtml:link rel="alternate" hreflang="{LANGS[c][0]}" href="{BASE}{c}/"/>' for c in LANGS)
                    + f'<xhtml:link rel="alternate" hreflang="x-default" href="{BASE}"/></url>')
    for key, langs in exists.items():
        for lang in langs:
            links = []
            for code in langs:
                if "sitemap-one-way" in breaks and key == "briefings/" and lang == "zh" and code == "en":
                    continue
                links.append(f'<xhtml:link rel="alternate" hreflang="{LANGS[code][0]}" href="{BASE}{code}/{key}"/>')
            links.append(f'<xhtml:link rel="alternate" hreflang="x-default" href="{BASE}"/>')
            extra = "<priority>high</priority>" if "sitemap-schema" in breaks and key == "about/" else ""
            urls.append(f"<url><loc>{BASE}{lang}/{key}</loc><lastmod>2023-01-29</lastmod>{extra}{''.join(links)}</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
            + "\n".join(urls) + "\n</urlset>\n")


def build(out: Path, breaks: set[str] = frozenset()) -> None:
    unknown = set(breaks) - set(BREAKS)
    if unknown:
        raise SystemExit(f"unknown break(s): {', '.join(sorted(unknown))}; known: {', '.join(BREAKS)}")
    if out.exists():
        shutil.rmtree(out)
    exists = {key: ["en", "zh"] for key in PAGES}
    if "wrong-lang" not in breaks:
        exists["about/"] = ["en"]  # an untranslated page: the zh switcher leads to the zh home page
    (out / "assets").mkdir(parents=True)
    (out / "assets" / "style.css").write_text(STYLE, "utf-8")
    (out / "assets" / "favicon.svg").write_text(FAVICON, "utf-8")
    (out / "index.html").write_text(chooser_html(exists), "utf-8")
    (out / "404.html").write_text(not_found_html(breaks), "utf-8")
    for key, langs in exists.items():
        for lang in langs:
            d = out / lang / key
            d.mkdir(parents=True, exist_ok=True)
            (d / "index.html").write_text(page_html(lang, key, set(breaks), exists), "utf-8")
    for lang in LANGS:
        (out / lang / "feed.xml").write_text(feed_xml(lang, breaks), "utf-8")
    (out / "sitemap.xml").write_text(sitemap_xml(exists, breaks), "utf-8")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--break", dest="breaks", action="append", default=[], choices=sorted(BREAKS))
    a = ap.parse_args()
    build(Path(a.out), set(a.breaks))
