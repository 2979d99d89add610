#!/usr/bin/env python3
"""Bytes one search query costs, landing fresh on the search page of a built Bund site (gzip -6 sizes).

The page and what it loads (stylesheet, script, icon), then the index files search.js fetches for
the query (found by bench/query-bytes.js, which runs search.js's own index code in Node). Usage:
  bench/query-bytes.py SITE_DIR            # the fixed query list below, en and zh
Prints a table and, with --json, the figures as JSON. Needs `node` on PATH.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERIES = {
    "en": ["investment", "industrial investment", "digital transformation", "promot", "2023"],
    "zh": ["投资", "工业投资", "数字化转型", "技术改造项目", "2023"],
}


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def page_assets(site: Path, lang: str) -> list[Path]:
    page = site / lang / "search" / "index.html"
    html = page.read_text("utf-8")
    refs = re.findall(r'<(?:script[^>]*\ssrc|link[^>]*rel="(?:stylesheet|icon)"[^>]*\shref)="([^"]+)"', html)
    return [page] + [(page.parent / ref).resolve() for ref in refs]


def measure(site: Path, search_js: Path) -> list[dict]:
    rows = []
    for lang, queries in QUERIES.items():
        if not (site / lang / "search" / "index.json").is_file():
            continue
        assets = page_assets(site, lang)
        page_bytes = sum(gz(p) for p in assets)
        out = subprocess.run(["node", str(HERE / "query-bytes.js"), str(search_js), str(site), lang] + queries,
                             check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            r = json.loads(line)
            index_bytes = sum(gz(site / f) for f in r["files"])
            rows.append({"lang": lang, "query": r["query"], "hits": r["hits"], "files": len(r["files"]),
                         "page_bytes": page_bytes, "index_bytes": index_bytes, "total_bytes": page_bytes + index_bytes})
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    scripts = sorted((args.site / "assets").glob("search.*.js"))
    if not scripts:
        print(f"{args.site}: no assets/search.*.js", file=sys.stderr)
        return 1
    rows = measure(args.site, scripts[0])
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for r in rows:
        print(f"{r['lang']}  {r['query']:<24} {r['hits']:>6} hits  {r['files']:>3} index files  "
              f"page {r['page_bytes'] / 1024:5.1f} KB + index {r['index_bytes'] / 1024:5.1f} KB = "
              f"{r['total_bytes'] / 1024:5.1f} KB gzip")
    return 0


if __name__ == "__main__":
    sys.exit(main())
