#!/usr/bin/env python3
"""Tests check_site.py itself on fake sites from fake_site.py (run with the .venv-e2e python).

1. the intact fake site must pass every check;
2. a copy with every break of fake_site.BREAKS must fail with each expected (page, rule);
3. the intact site rendered without CJK fonts (FONTCONFIG_FILE with DejaVu only) must fail cjk-glyphs.
Prints `N passed, M failed` (self-test cases) and exits 1 on any failure.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import fake_site  # noqa: E402

FAILURE = re.compile(r"^(?P<page>[^:\s]+): (?P<rule>[a-z0-9-]+): ")
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$")


def run_checker(site: Path, shots: Path, env=None) -> tuple[int, str, str]:
    p = subprocess.run([sys.executable, str(HERE / "check_site.py"), str(site), "--screenshots", str(shots)],
                       capture_output=True, text=True, env=env, timeout=600)
    return p.returncode, p.stdout, p.stderr


def failures(out: str) -> set[tuple[str, str]]:
    return {(m["page"], m["rule"]) for m in map(FAILURE.match, out.splitlines()) if m}


def main() -> int:
    ok = bad = 0

    def case(name: str, passed: bool, detail: str = "") -> None:
        nonlocal ok, bad
        if passed:
            ok += 1
            print(f"ok   {name}")
        else:
            bad += 1
            print(f"FAIL {name}{': ' + detail if detail else ''}")

    with tempfile.TemporaryDirectory(prefix="bund-e2e-selftest-") as tmp:
        tmp = Path(tmp)
        good = tmp / "good"
        fake_site.build(good)
        code, out, err = run_checker(good, tmp / "shots-good")
        summary = [ln for ln in out.splitlines() if SUMMARY.match(ln)]
        case("intact site passes every check", code == 0 and bool(summary) and summary[-1].endswith(" 0 failed"),
             out + err[-2000:])
        case("intact site: 8 screenshots", len(list((tmp / "shots-good").glob("*.png"))) == 8)

        broken = tmp / "broken"
        fake_site.build(broken, set(fake_site.BREAKS))
        code, out, err = run_checker(broken, tmp / "shots-broken")
        found = failures(out)
        case("broken site exits 1", code == 1, f"exit {code}")
        for name, expected in fake_site.BREAKS.items():
            missing = [f"{p}: {r}" for p, r in expected if (p, r) not in found]
            case(f"break {name} is caught" if expected else f"break {name} gives no failure",
                 not missing, "not reported: " + "; ".join(missing))
        case("vnu false positive is filtered and counted", "popover x1" in err, err[-500:])
        wanted = {pr for exp in fake_site.BREAKS.values() for pr in exp}
        extra = sorted(found - wanted)
        if extra:
            print("     (also reported, as side effects of the breaks: "
                  + "; ".join(f"{p}: {r}" for p, r in extra) + ")")

        fc = tmp / "fonts.conf"
        fc.write_text('<?xml version="1.0"?><fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>'
                      f"<cachedir>{tmp / 'fc-cache'}</cachedir></fontconfig>\n", "utf-8")
        code, out, err = run_checker(good, tmp / "shots-nofont", env={**os.environ, "FONTCONFIG_FILE": str(fc)})
        found = failures(out)
        case("without CJK fonts, zh pages fail cjk-glyphs",
             code == 1 and ("zh/index.html", "cjk-glyphs") in found
             and ("zh/briefings/review-2022/index.html", "cjk-glyphs") in found, out[-1500:])

    print(f"{ok} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
