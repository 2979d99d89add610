#!/usr/bin/env python3
"""`make bench`: times `bund build` (and Hugo, where installed) on generated bilingual corpora.

For each size (default 1,000 and 10,000 page pairs, see bench/generate.py) it runs cold builds
(a fresh output folder each time) of Bund and Hugo alternately, and reports the medians of wall
time, CPU time (user + sys) and peak memory (max RSS, from GNU time), the Bund/Hugo ratios, Bund's
time per stage (`--timings`), and whether a second build with nothing changed writes no file. It
also times full builds of the real site (Content/ + Templates/). The table goes to the terminal
and to bench/results/latest.json; BENCHMARKS.md records the figures.

Settings (flags override the environment):
  --sizes / BENCH_SIZES      comma-separated pair counts (default 1000,10000)
  --runs / BENCH_RUNS        cold runs per tool and size (default 5)
  --budget / BENCH_BUDGET    seconds for the whole bench (default 1200). Every size gets at least
                             one run of each tool; further runs (and the no-change rebuild) are
                             made while they fit. A size that got fewer runs than asked is marked.
  --hugo / BENCH_HUGO        auto (default: use hugo when on PATH), 1 (install Debian's hugo with
                             apt-get when missing), 0 (Bund only)
  --wait-idle / BENCH_WAIT_IDLE  wait up to this many seconds (default 0) for the 1-minute load
                             average to fall to half the cores before timing anything
  --no-serve / BENCH_SERVE=0 skip the `bund serve` measurement (on the largest corpus: the time from
                             saving a page to the reload event, 5 edits, when it fits in the budget)
  --json PATH                where to write the results (default bench/results/latest.json)

Nothing here is run by CI: timings on shared machines are not tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import http.client
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

WORK = REPO / ".build" / "bench"
BUND = REPO / ".build" / "release" / "bund"

STAGE_LINE = re.compile(r"^\s+([a-z]+)\s+(\d+) ms\s*$")
SUMMARY_LINE = re.compile(
    r"built .*?: (\d+) files, (\d+) written, (\d+) unchanged, (\d+) removed in (\d+) ms")

TARGETS = {
    "wall_ratio_max": 0.10,      # 10,000 pairs cold: Bund wall <= 0.1 x Hugo's
    "rss_ratio_max": 0.15,       # 10,000 pairs cold: Bund peak memory <= 0.15 x Hugo's
    "growth_max": 11.0,          # 10,000-pair time <= 11 x the 1,000-pair time
    "real_site_wall_max": 0.25,  # the real site, full build (release), seconds
    "serve_latency_ms_max": 50,  # `bund serve` on 10,000 pairs: saving one page to the reload event, ms
    "search_share_max": 0.20,    # 10,000 pairs: the search stage <= 20 % of the rest of the build's wall time
    "query_kb_max": 100,         # one query on a fresh search page, page and assets included, KB gzip
    "cpu_ratio_max": 0.10,       # 10,000 pairs cold: Bund CPU <= 0.1 x Hugo (+ Pagefind)'s
    "first_results_ms_max": 100,  # 10,000 pairs: last keystroke to the first results, Chromium, each query
}

SERVE_BUILT_LINE = re.compile(
    r"^built (.*?) pages in (\d+) ms: (\d+) Markdown and (\d+) HTML pages redone, (\d+) HTML pages reused")
SERVE_EDITS = 5


class BuildFailed(Exception):
    pass


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Machine and tools


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    mem_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(), "cpu_model": cpu, "memory_gib": mem_gib,
        "kernel": platform.release(), "system": platform.system(), "python": platform.python_version(),
    }


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def ensure_bund() -> dict:
    """Builds the release binary when it is missing, then times a copy of it, so a rebuild of
    .build/release/bund during the bench (make release in another shell) cannot mix two versions."""
    global BUND
    if not BUND.exists():
        log("bench: .build/release/bund is missing; building it (swift build -c release --product bund)")
        subprocess.run(["swift", "build", "-c", "release", "--product", "bund"], cwd=REPO, check=True)
    copy = WORK / "bund-under-test"
    shutil.copy2(BUND, copy)
    info = {"binary": str(BUND.relative_to(REPO)),
            "binary_sha256": hashlib.sha256(copy.read_bytes()).hexdigest()[:16],
            "binary_mtime": dt.datetime.fromtimestamp(BUND.stat().st_mtime, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    BUND = copy
    return info


def find_hugo(mode: str) -> str | None:
    if mode == "0":
        return None
    hugo = shutil.which("hugo")
    if hugo or mode != "1":
        if not hugo:
            log("bench: hugo is not installed; measuring Bund only (BENCH_HUGO=1 installs Debian's hugo)")
        return hugo
    log("bench: installing Debian's hugo (BENCH_HUGO=1)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "hugo"], check=True, env=env)
    return shutil.which("hugo")


PAGEFIND_VENV = REPO / ".venv-bench"
PAGEFIND_PIN = "pagefind[extended]==1.5.2"
PAGEFIND: str | None = None  # the Python that runs `-m pagefind`, set in main()


def find_pagefind(mode: str) -> str | None:
    """Pagefind in the bench's venv (.venv-bench): `auto` uses it when installed, `1` installs it
    (PyPI, pinned), `0` leaves it out. With it, every Hugo run is followed by Pagefind's indexing."""
    python = PAGEFIND_VENV / "bin" / "python"
    installed = python.exists() and subprocess.run([str(python), "-m", "pagefind", "--version"],
                                                   capture_output=True).returncode == 0
    if mode == "0" or (mode != "1" and not installed):
        if mode == "auto":
            log("bench: pagefind is not installed; Hugo runs without search (BENCH_PAGEFIND=1 installs it)")
        return None
    if not installed:
        log(f"bench: installing {PAGEFIND_PIN} into {PAGEFIND_VENV.relative_to(REPO)} (BENCH_PAGEFIND=1)")
        subprocess.run([sys.executable, "-m", "venv", str(PAGEFIND_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", PAGEFIND_PIN], check=True)
    return str(python)


def hugo_version(hugo: str) -> str:
    out = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()
    return out.split(" BuildDate")[0]


# ---------------------------------------------------------------------------------------------
# Corpora


def inputs_digest() -> str:
    """What a generated corpus depends on: the generator, the Hugo layouts, and the parts of
    Templates/ the generator copies or reads (UI strings, assets, figure keys)."""
    h = hashlib.sha256()
    files = [HERE / "generate.py"] + sorted((HERE / "hugo").rglob("*"))
    files += sorted((REPO / "Templates").rglob("*"))
    for path in files:
        if path.is_file():
            h.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def corpus(n: int, with_hugo: bool) -> Path:
    out = WORK / f"corpus-{n}"
    restore_serve_backup()  # a bench killed during the serve measurement left a page edited
    digest = inputs_digest()
    stamp_path = out / "inputs.sha256"
    wanted = f"{digest} seed={generate.DEFAULT_SEED} hugo={with_hugo}\n"
    if stamp_path.exists() and stamp_path.read_text() == wanted:
        log(f"bench: corpus of {n:,} pairs is up to date ({out.relative_to(REPO)})")
        return out
    discard(out)  # removed at the end, not now (see new_output)
    log(f"bench: generating {n:,} pairs into {out.relative_to(REPO)}")
    start = time.monotonic()
    # In a child process, so this one stays small (see timed()).
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--pairs", str(n), "--out", str(out),
                    "--templates", str(REPO / "Templates")] + ([] if with_hugo else ["--no-hugo"]),
                   check=True, stdout=subprocess.DEVNULL)
    stamp_path.write_text(wanted)
    log(f"bench: generated in {time.monotonic() - start:.1f} s")
    return out


def warm(folder: Path) -> None:
    """Reads every input file once, so each timed run finds the corpus in the page cache."""
    for root, _, names in os.walk(folder):
        for name in names:
            with open(os.path.join(root, name), "rb") as f:
                while f.read(1 << 20):
                    pass


# ---------------------------------------------------------------------------------------------
# Timed runs


GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def timed(cmd: list[str], cwd: Path) -> dict:
    """Runs a command. Wall time from the clock; CPU (user + sys) and peak RSS from GNU time, which
    forks the command from its own small process. (wait4 on a child of this Python process would
    not do for memory: Linux carries the parent's RSS high-water mark into a vforked child's
    ru_maxrss.) Without /usr/bin/time, wait4 it is, and results below this process's own peak RSS
    are marked as floors."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r", suffix=".time") as report:
        full = [GNU_TIME, "-f", "%e %U %S %M", "-o", report.name, *cmd] if GNU_TIME else cmd
        # Flush what earlier runs (and the removal of their output) left to write back, so it is
        # not charged to this run: without it, back-to-back runs grew slower one after another.
        os.sync()
        time.sleep(0.5)
        load = os.getloadavg()[0]
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        measured = report.read().strip().splitlines()
    if proc.returncode != 0:
        log(f"bench: command failed ({proc.returncode}): {' '.join(cmd)}\n{stdout[-3000:]}{stderr[-3000:]}")
        raise BuildFailed((stdout + stderr).strip().splitlines()[-1] if (stdout + stderr).strip() else
                          f"exit status {proc.returncode}")
    if GNU_TIME:
        _, user, system, rss_kib = measured[-1].split()
        user, system, rss_kib = float(user), float(system), int(rss_kib)
    else:
        user, system, rss_kib = usage.ru_utime, usage.ru_stime, usage.ru_maxrss
    result = {
        "wall_s": round(wall, 4), "cpu_s": round(user + system, 4), "user_s": round(user, 4),
        "sys_s": round(system, 4), "max_rss_mib": round(rss_kib / 1024, 1), "load_1min": round(load, 2),
        "stdout": stdout, "stderr": stderr,
    }
    if not GNU_TIME and rss_kib <= resource.getrusage(resource.RUSAGE_SELF).ru_maxrss:
        result["max_rss_is_floor"] = True
    return result


OUT = WORK / "out"
_outputs = 0


def new_output(name: str) -> Path:
    """A folder no run has used in this sitting. Outputs are removed only when the bench ends:
    deleting thousands of files between runs made every later run slower (ext4's inode allocator
    skips recently deleted inodes; sys time grew run after run, for both tools)."""
    global _outputs
    while True:
        _outputs += 1
        folder = OUT / f"{name}-{_outputs}"
        if not folder.exists():
            return folder


def discard(folder: Path) -> None:
    """Moves a folder out of the way, to be removed with the outputs when the bench ends."""
    if folder.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        folder.rename(new_output("discarded-" + folder.name))


def bund_run(content: Path, templates: Path, output: Path) -> dict:
    """A build into `output`: cold when the folder does not exist yet, a rebuild when it does."""
    result = timed([str(BUND), "build", "--content", str(content), "--templates", str(templates),
                    "--output", str(output), "--timings"], cwd=REPO)
    text = result.pop("stdout") + result.pop("stderr")
    stages = {}
    for line in text.splitlines():
        if m := STAGE_LINE.match(line):
            stages[m.group(1)] = int(m.group(2))
    result["stages_ms"] = stages
    if m := SUMMARY_LINE.search(text):
        files, written, unchanged, removed, _ = map(int, m.groups())
        result.update(files=files, written=written, unchanged=unchanged, removed=removed)
    else:
        log("bench: no summary line in bund's output:\n" + text[-2000:])
        raise SystemExit(1)
    return result


def hugo_run(hugo: str, site: Path, output: Path) -> dict:
    shutil.rmtree(site / "resources", ignore_errors=True)
    cache = Path(tempfile.mkdtemp(prefix="hugo-cache-", dir=WORK))
    try:
        result = timed([hugo, "--source", str(site), "--destination", str(output), "--cacheDir", str(cache),
                        "--quiet"], cwd=site)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    result.pop("stdout")
    result.pop("stderr")
    if PAGEFIND:
        # Hugo + Pagefind is the whole build of a site with search: times add up, memory is the larger.
        pf = timed([PAGEFIND, "-m", "pagefind", "--site", str(output)], cwd=site)
        result["hugo_only"] = {k: result[k] for k in ("wall_s", "cpu_s", "max_rss_mib")}
        result["pagefind"] = {k: pf[k] for k in ("wall_s", "cpu_s", "max_rss_mib")}
        result["pagefind"]["index_bytes"] = output_bytes(output / "pagefind")
        result["pagefind"]["files"] = sum(len(names) for _, _, names in os.walk(output / "pagefind"))
        result["wall_s"] = round(result["wall_s"] + pf["wall_s"], 4)
        result["cpu_s"] = round(result["cpu_s"] + pf["cpu_s"], 4)
        result["max_rss_mib"] = max(result["max_rss_mib"], pf["max_rss_mib"])
    result["files"] = sum(len(names) for _, _, names in os.walk(output))
    return result


def summarise(runs: list[dict]) -> dict:
    if not runs:
        return {}
    med = {k: round(statistics.median(r[k] for r in runs), 4) for k in ("wall_s", "cpu_s", "max_rss_mib")}
    med["runs"] = len(runs)
    med["wall_min_s"] = min(r["wall_s"] for r in runs)
    med["wall_max_s"] = max(r["wall_s"] for r in runs)
    if any(r.get("max_rss_is_floor") for r in runs):
        med["max_rss_is_floor"] = True
    if "files" in runs[0]:
        med["files"] = runs[0]["files"]
    stages = [r["stages_ms"] for r in runs if r.get("stages_ms")]
    if stages:
        med["stages_ms"] = {k: statistics.median(s.get(k, 0) for s in stages) for k in stages[0]}
    return med


def output_bytes(folder: Path) -> int:
    return sum(os.path.getsize(os.path.join(root, name)) for root, _, names in os.walk(folder) for name in names)


# ---------------------------------------------------------------------------------------------
# The bench


E2E_PYTHON = REPO / ".venv-e2e" / "bin" / "python"


def browser_queries(site: Path) -> dict:
    """bench/search-query-browser.py on a built corpus: each query typed on a fresh search page in
    headless Chromium, the time from the last keystroke to the results. Needs the e2e venv
    (`make e2e` makes it) and Chromium."""
    if not (E2E_PYTHON.exists() and Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()):
        return {"browser_failed": "no e2e venv or Chromium (make e2e installs them)"}
    log("bench: search page in headless Chromium, one fresh page per query")
    done = subprocess.run([str(E2E_PYTHON), str(HERE / "search-query-browser.py"), str(site)],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        return {"browser_failed": done.stderr[-500:]}
    return {"browser": [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]}


def search_figures(site: Path, runs: list[dict], browser: bool = False) -> dict:
    """The search index of a built corpus: the stage's share of the build, bytes on disk per
    language, the gzip bytes each query of bench/query-bytes.py costs a fresh reader (needs node)
    and, with `browser`, the time to the first results in Chromium."""
    stage = statistics.median(r["stages_ms"].get("search", 0) for r in runs)
    total = statistics.median(sum(r["stages_ms"].values()) for r in runs)
    out: dict = {"stage_ms": stage, "share": round(stage / (total - stage), 3) if total > stage else None}
    out["index_bytes"] = {lang.name: sum(f.stat().st_size for f in (lang / "search").rglob("*.json"))
                          for lang in sorted(site.iterdir()) if (lang / "search" / "index.json").is_file()}
    if shutil.which("node"):
        done = subprocess.run([sys.executable, str(HERE / "query-bytes.py"), str(site), "--json"],
                              capture_output=True, text=True)
        if done.returncode == 0:
            out["queries"] = json.loads(done.stdout)
        else:
            out["queries_failed"] = done.stderr[-500:]
    else:
        out["queries_failed"] = "node is not on PATH"
    if browser:
        out.update(browser_queries(site))
    return out


def bench_real_site(runs: int) -> dict:
    log(f"bench: real site (Content/ + Templates/), {runs} cold runs")
    try:
        cold = []
        for _ in range(runs):
            output = new_output("real-site")
            cold.append(bund_run(REPO / "Content", REPO / "Templates", output))
        again = bund_run(REPO / "Content", REPO / "Templates", output)
    except BuildFailed as failure:
        log("bench: the real site does not build; its figures are left out")
        return {"failed": str(failure)}
    result = {"bund": summarise(cold), "runs": cold}
    result["bund"]["output_bytes"] = output_bytes(output)
    result["no_change"] = {"written": again["written"], "unchanged": again["unchanged"],
                           "removed": again["removed"], "wall_s": again["wall_s"]}
    return result


def bench_size(n: int, folder: Path, hugo: str | None, runs: int, deadline: float, later: list[int]) -> dict:
    """Cold runs of each tool, alternated, while they fit in the budget (at least one), keeping time
    for one run of each larger size (extrapolated linearly from this size's first run); then a
    second Bund build with nothing changed, when it fits."""
    warm(folder)
    content, templates = folder / "bund" / "Content", folder / "bund" / "Templates"
    bund_runs: list[dict] = []
    hugo_runs: list[dict] = []
    note = ""
    reserve = 0.0
    for round_ in range(runs):
        if round_ > 0:
            est = statistics.median(r["wall_s"] for r in bund_runs) + (
                statistics.median(r["wall_s"] for r in hugo_runs) if hugo_runs else 0) + 2
            reserve = est * sum(m / n for m in later)
            if time.monotonic() + est > deadline - reserve:
                note = f"{round_} of {runs} runs: the next one would pass the time budget (BENCH_BUDGET)"
                log(f"bench: {n:,} pairs: {note}")
                break
        log(f"bench: {n:,} pairs, run {round_ + 1}/{runs}: bund")
        bund_out = new_output(f"bund-{n}")
        bund_runs.append(bund_run(content, templates, bund_out))
        log(f"bench:   bund {bund_runs[-1]['wall_s']:.2f} s, {bund_runs[-1]['max_rss_mib']:.0f} MiB")
        if hugo:
            log(f"bench: {n:,} pairs, run {round_ + 1}/{runs}: hugo")
            hugo_out = new_output(f"hugo-{n}")
            hugo_runs.append(hugo_run(hugo, folder / "hugo", hugo_out))
            log(f"bench:   hugo {hugo_runs[-1]['wall_s']:.2f} s, {hugo_runs[-1]['max_rss_mib']:.0f} MiB")
    result: dict = {"corpus": json.loads((folder / "corpus.json").read_text()),
                    "bund": summarise(bund_runs), "runs": {"bund": bund_runs, "hugo": hugo_runs}}
    result["bund"]["output_bytes"] = output_bytes(bund_out)
    result["search"] = search_figures(bund_out, bund_runs, browser=n >= 10000)
    if hugo_runs:
        result["hugo"] = summarise(hugo_runs)
        result["hugo"]["output_bytes"] = output_bytes(hugo_out)
        result["ratio"] = {k: round(result["bund"][k] / result["hugo"][k], 4)
                           for k in ("wall_s", "cpu_s", "max_rss_mib")}
        # The ratio of each alternated pair, for the spread.
        result["ratio"]["wall_per_run"] = [round(b["wall_s"] / h["wall_s"], 4) for b, h in zip(bund_runs, hugo_runs)]
    if note:
        result["note"] = note
    # A second build into the last cold run's output, nothing changed: must write no file.
    est = result["bund"]["wall_s"] + 1
    if time.monotonic() + est <= deadline - reserve:
        log(f"bench: {n:,} pairs: second build with nothing changed")
        again = bund_run(content, templates, bund_out)
        result["no_change"] = {"written": again["written"], "unchanged": again["unchanged"],
                               "removed": again["removed"], "wall_s": again["wall_s"],
                               "stages_ms": again["stages_ms"]}
    else:
        result["no_change"] = {"skipped": "would pass the time budget (BENCH_BUDGET)"}
        log(f"bench: {n:,} pairs: no-change rebuild skipped (time budget)")
    return result


# ---------------------------------------------------------------------------------------------
# bund serve: from saving a page to the reload event


SERVE_BACKUP = WORK / "serve-backup"


def restore_serve_backup() -> None:
    """Puts back the pages a killed serve measurement left edited. Before editing, bench_serve copies
    each page (bytes and times) to SERVE_BACKUP under its path relative to WORK; it restores them
    itself when it ends, and this catches a bench that never got there. The corpus stamp
    (inputs.sha256) depends on the generator's inputs only, so neither edit nor restore touches it."""
    if not SERVE_BACKUP.exists():
        return
    for path in sorted(p for p in SERVE_BACKUP.rglob("*") if p.is_file()):
        target = WORK / path.relative_to(SERVE_BACKUP)
        if target.parent.exists():
            log(f"bench: restoring {target.relative_to(REPO)}, left edited by an interrupted serve measurement")
            shutil.copy2(path, target)
    shutil.rmtree(SERVE_BACKUP, ignore_errors=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServeOutput:
    """Reads the server's output on a thread: the `serving` line, and one record per build (the
    `built … in N ms` line and the stage lines `-v` prints after it)."""

    def __init__(self, proc: subprocess.Popen):
        self.lines: list[str] = []
        self.builds: list[dict] = []
        self.serving = threading.Event()
        self.changed = threading.Condition()
        self.thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self.thread.start()

    def _read(self, proc: subprocess.Popen) -> None:
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            with self.changed:
                self.lines.append(line)
                if line.startswith("serving http://"):
                    self.serving.set()
                elif m := SERVE_BUILT_LINE.match(line):
                    self.builds.append({"pages": m.group(1), "ms": int(m.group(2)),
                                        "markdown_redone": int(m.group(3)), "html_redone": int(m.group(4)),
                                        "html_reused": int(m.group(5)), "stages_ms": {}})
                elif (m := STAGE_LINE.match(line)) and self.builds:
                    self.builds[-1]["stages_ms"][m.group(1)] = int(m.group(2))
                self.changed.notify_all()
        self.serving.set()  # the server ended: stop waiting for it

    def wait_builds(self, count: int, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: len(self.builds) >= count, timeout)

    def tail(self) -> str:
        return "\n".join(self.lines[-40:])


def read_event(resp: http.client.HTTPResponse) -> tuple[str, str, float]:
    """The next server-sent event (name, data, monotonic time its first line arrived); comments
    (`: keep-alive`) are skipped. Raises TimeoutError (socket timeout) or ConnectionError."""
    name, data, at = "", "", None
    while True:
        raw = resp.readline()
        if not raw:
            raise ConnectionError("the event stream ended")
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if at is None and line and not line.startswith(":"):
            at = time.monotonic()
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data = line[5:].strip()
        elif line == "" and at is not None:
            return name, data, at


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log("bench: bund serve did not stop within 5 s of SIGINT; killing it")
            proc.kill()
            proc.wait()


def bench_serve(n: int, folder: Path, cold_wall_s: float, deadline: float) -> dict:
    """`bund serve -v` on a corpus: waits for the initial build, subscribes to /__bund/events, then
    SERVE_EDITS times appends a sentence to one English page (a different page each time) and times
    from the write to the `reload` event. That includes the 100 ms polling of the folders, as a user
    sees it. Also records the rebuild time the server printed for each edit. The pages get their
    original bytes and times back at the end."""
    content, templates = folder / "bund" / "Content", folder / "bund" / "Templates"
    # At least the initial build and one edit (a full rebuild at worst) must fit.
    if time.monotonic() + 2 * cold_wall_s + 5 > deadline:
        log(f"bench: bund serve on {n:,} pairs skipped (time budget)")
        return {"pairs": n, "skipped": "would pass the time budget (BENCH_BUDGET)"}
    pages = sorted(p for p in content.rglob("*.en.md") if not p.name.startswith("_"))
    pages = [pages[len(pages) * i // SERVE_EDITS] for i in range(SERVE_EDITS)]
    originals: dict[Path, tuple[bytes, os.stat_result]] = {}
    for page in pages:
        originals[page] = (page.read_bytes(), page.stat())
        backup = SERVE_BACKUP / page.relative_to(WORK)
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(page, backup)
    port = free_port()
    log(f"bench: bund serve on {n:,} pairs (port {port}): initial build")
    cmd = [str(BUND), "serve", "--content", str(content), "--templates", str(templates),
           "--port", str(port), "-v"]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    output = ServeOutput(proc)
    conn = None
    result: dict = {"pairs": n, "edits_asked": SERVE_EDITS, "poll_interval_ms": 100}
    try:
        if not output.serving.wait(120) or proc.poll() is not None:
            raise RuntimeError("no `serving` line within 120 s" if proc.poll() is None else
                               f"bund serve exited ({proc.returncode}) before serving")
        result["startup_s"] = round(time.monotonic() - started, 3)
        if output.builds:
            result["initial_build_ms"] = output.builds[0]["ms"]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.connect()
        # Kept: http.client hands the socket to a response that reads to the close (the event
        # stream), and sets conn.sock to None.
        sock = conn.sock
        conn.request("GET", "/__bund/events", headers={"Accept": "text/event-stream"})
        resp = conn.getresponse()
        if resp.status != 200:
            raise RuntimeError(f"GET /__bund/events answered {resp.status}")
        name, data, _ = read_event(resp)
        if name != "hello":
            raise RuntimeError(f"the event stream began with {name!r}, not hello")
        # A rebuild slower than this is a hang, not a figure.
        wait_s = max(30.0, 3 * (result.get("initial_build_ms", cold_wall_s * 1000) / 1000))
        sock.settimeout(wait_s)
        latencies: list[float] = []
        rebuilds: list[int] = []
        for i, page in enumerate(pages):
            if i > 0 and time.monotonic() + 0.5 + 2 * max(latencies) / 1000 + 2 > deadline:
                result["note"] = f"{i} of {SERVE_EDITS} edits: the next one would pass the time budget (BENCH_BUDGET)"
                log(f"bench: bund serve: {result['note']}")
                break
            time.sleep(0.5)
            before = len(output.builds)
            with open(page, "ab") as f:
                f.write(f"\nThe bench added this sentence, edit {i + 1}.\n".encode())
            saved = time.monotonic()
            while True:
                name, data, at = read_event(resp)
                if name == "reload":
                    break
            latencies.append(round((at - saved) * 1000, 1))
            if output.wait_builds(before + 1, 5):  # printed just after the event is sent
                rebuilds.append(output.builds[before]["ms"])
            log(f"bench:   edit {i + 1}: reload {latencies[-1]:.0f} ms after the save"
                + (f", rebuild {rebuilds[-1]} ms" if len(rebuilds) == i + 1 else ""))
        result["latency_ms"] = latencies
        result["rebuild_ms"] = rebuilds
        result["edits"] = len(latencies)
        result["median_latency_ms"] = round(statistics.median(latencies), 1)
        if rebuilds:
            result["median_rebuild_ms"] = statistics.median(rebuilds)
    except (RuntimeError, OSError, http.client.HTTPException) as failure:
        reason = "timed out waiting for an event" if isinstance(failure, TimeoutError) else str(failure)
        log(f"bench: bund serve measurement failed: {reason}\n{output.tail()}")
        result["failed"] = reason
    finally:
        if conn is not None:
            conn.close()
        stop_server(proc)
        output.thread.join(5)
        for page, (data_, st) in originals.items():
            page.write_bytes(data_)
            os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
        shutil.rmtree(SERVE_BACKUP, ignore_errors=True)
    if result.get("edits") and len(output.builds) > 1:
        last = output.builds[-1]
        result["last_rebuild"] = {k: last[k] for k in ("ms", "markdown_redone", "html_redone",
                                                       "html_reused", "stages_ms")}
    return result


def wait_idle(limit_s: float) -> None:
    quiet = (os.cpu_count() or 1) / 2
    until = time.monotonic() + limit_s
    while limit_s > 0 and os.getloadavg()[0] > quiet and time.monotonic() < until:
        log(f"bench: load {os.getloadavg()[0]:.2f} > {quiet:g}; waiting for the machine to quiet down")
        time.sleep(15)


def verdict(measured: float | None, limit: float) -> dict:
    if measured is None:
        return {"measured": None, "limit": limit, "met": None}
    return {"measured": measured, "limit": limit, "met": measured <= limit,
            "factor_of_limit": round(measured / limit, 2)}


def targets(results: dict) -> dict:
    sizes = results["sizes"]
    big = sizes.get("10000")
    small = sizes.get("1000")
    out: dict = {}
    ratio = big.get("ratio") if big else None
    out["wall_ratio_10k"] = verdict(ratio["wall_s"] if ratio else None, TARGETS["wall_ratio_max"])
    out["rss_ratio_10k"] = verdict(ratio["max_rss_mib"] if ratio else None, TARGETS["rss_ratio_max"])
    out["cpu_ratio_10k"] = verdict(ratio["cpu_s"] if ratio else None, TARGETS["cpu_ratio_max"])
    growth = round(big["bund"]["wall_s"] / small["bund"]["wall_s"], 2) if big and small else None
    out["growth_10k_over_1k"] = verdict(growth, TARGETS["growth_max"])
    written = {}
    for key, size in sizes.items():
        if "written" in size.get("no_change", {}):
            written[key] = size["no_change"]["written"]
    if "no_change" in results.get("real_site", {}):
        written["real_site"] = results["real_site"]["no_change"]["written"]
    out["no_change_writes_nothing"] = {"written": written, "met": all(v == 0 for v in written.values())
                                       if written else None}
    real = results.get("real_site", {}).get("bund", {}).get("wall_s")
    out["real_site_full_build"] = verdict(real, TARGETS["real_site_wall_max"])
    if "failed" in results.get("real_site", {}):
        out["real_site_full_build"]["note"] = "the real site does not build: " + results["real_site"]["failed"]
    search = big.get("search", {}) if big else {}
    out["search_share_10k"] = verdict(search.get("share"), TARGETS["search_share_max"])
    queries = search.get("queries") or []
    worst = round(max(q["total_bytes"] for q in queries) / 1024, 1) if queries else None
    out["query_kb_10k"] = verdict(worst, TARGETS["query_kb_max"])
    if not queries:
        out["query_kb_10k"]["note"] = "not measured: " + search.get("queries_failed", "no 10,000-pair run")
    timed = [q["last_keystroke_to_results_ms"] for q in search.get("browser", [])
             if q.get("listed") and q.get("last_keystroke_to_results_ms") is not None]
    out["first_results_ms_10k"] = verdict(max(timed) if timed else None, TARGETS["first_results_ms_max"])
    if not timed:
        out["first_results_ms_10k"]["note"] = "not measured: " + search.get("browser_failed", "no 10,000-pair run")
    serve = results.get("serve", {})
    out["serve_incremental"] = {**verdict(serve.get("median_latency_ms"), TARGETS["serve_latency_ms_max"]),
                                "unit": "ms", "pairs": serve.get("pairs")}
    if serve.get("pairs") and serve["pairs"] != 10000:
        out["serve_incremental"]["note"] = f"measured on {serve['pairs']:,} pairs, not 10,000"
    if "median_latency_ms" not in serve:
        out["serve_incremental"]["note"] = ("not measured: " + (serve.get("skipped") or serve.get("failed")
                                                                or "skipped (--no-serve)"))
    return out


# ---------------------------------------------------------------------------------------------
# Report


def fmt_ms(x: float) -> str:
    return f"{x:,.1f}" if x < 100 else f"{x:,.0f}"


def fmt_s(x: float) -> str:
    return f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 100 else f"{x:.1f}"


def table(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Bund benchmark, {results['date']} ({m['nproc']} cores, {m['cpu_model']}, {m['memory_gib']} GiB; "
        f"1-min load {results['load_at_first_run']} before the first run, "
        f"{results['load']['mean_during']} on average during the runs, the bench's own included)",
        f"bund {results['bund']['commit']}{' (dirty tree)' if results['bund']['dirty'] else ''}; "
        f"hugo: {results['hugo'] or 'not measured'}",
        "",
        f"{'corpus':<14}{'tool':<7}{'runs':>5}{'wall s':>10}{'CPU s':>10}{'peak MiB':>10}{'files':>8}{'out MB':>8}",
    ]

    def row(label: str, tool: str, s: dict) -> str:
        return (f"{label:<14}{tool:<7}{s['runs']:>5}{fmt_s(s['wall_s']):>10}{fmt_s(s['cpu_s']):>10}"
                f"{s['max_rss_mib']:>9.0f}{'*' if s.get('max_rss_is_floor') else ' '}{s.get('files', 0):>8,}{s.get('output_bytes', 0) / 1e6:>8.1f}")

    for key, size in results["sizes"].items():
        label = f"{int(key):,} pairs"
        lines.append(row(label, "bund", size["bund"]))
        if "hugo" in size:
            lines.append(row("", "hugo+pf" if PAGEFIND else "hugo", size["hugo"]))
            r = size["ratio"]
            lines.append(f"{'':<14}{'ratio':<7}{'':>5}{r['wall_s']:>9.2f}x{r['cpu_s']:>9.2f}x{r['max_rss_mib']:>9.2f}x")
        if "note" in size:
            lines.append(f"{'':<14}note: {size['note']}")
    if "bund" in results.get("real_site", {}):
        lines.append(row("real site", "bund", results["real_site"]["bund"]))
    elif "failed" in results.get("real_site", {}):
        lines.append(f"{'real site':<14}bund   does not build: {results['real_site']['failed']}")
    if any(size.get(tool, {}).get("max_rss_is_floor") for size in results["sizes"].values() for tool in ("bund", "hugo")):
        lines.append("* at most the bench's own peak memory (no /usr/bin/time: apt-get install time)")
    lines.append("")
    largest = max(results["sizes"], key=int) if results["sizes"] else None
    if largest and results["sizes"][largest]["bund"].get("stages_ms"):
        st = results["sizes"][largest]["bund"]["stages_ms"]
        lines.append(f"bund --timings, {int(largest):,} pairs (median ms): "
                     + ", ".join(f"{k} {v:,.0f}" for k, v in st.items()))
    for key, size in results["sizes"].items():
        nc = size.get("no_change", {})
        if "written" in nc:
            lines.append(f"second build, {int(key):,} pairs, nothing changed: {nc['written']} written, "
                         f"{nc['unchanged']} unchanged in {fmt_s(nc['wall_s'])} s")
        else:
            lines.append(f"second build, {int(key):,} pairs: {nc.get('skipped')}")
    if "no_change" in results.get("real_site", {}):
        nc = results["real_site"]["no_change"]
        lines.append(f"second build, real site, nothing changed: {nc['written']} written, {nc['unchanged']} unchanged")
    lines.append("")
    lines.append("targets:")
    t = results["targets"]

    def line(name: str, v: dict, unit: str = "x") -> str:
        if v.get("measured") is None:
            return f"  {name:<44} " + (v.get("note") or "not measured")
        state = "met" if v["met"] else f"MISSED ({v['factor_of_limit']}x the limit)"
        measured = fmt_ms(v["measured"]) if unit == " ms" else v["measured"]
        return f"  {name:<44} {measured}{unit} (limit {v['limit']}{unit}): {state}"

    other = "Hugo+Pagefind" if PAGEFIND else "Hugo"
    lines.append(line(f"10,000 pairs cold, wall Bund/{other}", t["wall_ratio_10k"]))
    lines.append(line(f"10,000 pairs cold, CPU Bund/{other}", t["cpu_ratio_10k"]))
    lines.append(line("10,000 pairs cold, peak memory Bund/Hugo", t["rss_ratio_10k"]))
    lines.append(line("Bund wall 10,000 / 1,000 pairs", t["growth_10k_over_1k"]))
    nc = t["no_change_writes_nothing"]
    lines.append(f"  {'second build, nothing changed, writes 0':<44} "
                 + (", ".join(f"{k}: {v}" for k, v in nc["written"].items()) or "not measured")
                 + ("" if nc["met"] is None else ": met" if nc["met"] else ": MISSED"))
    lines.append(line("real site full build (s)", t["real_site_full_build"], " s"))
    lines.append(line("10,000 pairs, search stage / rest of build", t["search_share_10k"]))
    lines.append(line("10,000 pairs, one query fresh (KB gzip)", t["query_kb_10k"], " KB"))
    lines.append(line("10,000 pairs, keystroke to results (slowest)", t["first_results_ms_10k"], " ms"))
    for key, size in results["sizes"].items():
        search = size.get("search", {})
        if search.get("index_bytes"):
            lines.append(f"  search index, {int(key):,} pairs: " + ", ".join(
                f"{lang} {b / 1e6:.1f} MB" for lang, b in search["index_bytes"].items())
                + f"; stage {search['stage_ms']:,.0f} ms"
                + "".join(f"; Pagefind {r['pagefind']['index_bytes'] / 1e6:.1f} MB in {r['pagefind']['files']:,} files, "
                          f"{r['pagefind']['wall_s']:.1f} s" for r in size["runs"]["hugo"][-1:] if "pagefind" in r))
        for q in search.get("browser", []):
            lines.append(f"    Chromium {q['lang']} {q['query']!r}: {q['listed']} listed, "
                         f"{q['last_keystroke_to_results_ms']} ms from the last keystroke, {q['kb_gzip']} KB gzip")
        for q in search.get("queries", []):
            lines.append(f"    {q['lang']} {q['query']!r}: {q['hits']} hits, {q['total_bytes'] / 1024:.1f} KB gzip "
                         f"({q['page_bytes'] / 1024:.1f} KB page and assets, {q['files']} index files)")
    serve = results.get("serve", {})
    pairs = f", {serve['pairs']:,} pairs" if serve.get("pairs") else ""
    lines.append(line(f"bund serve{pairs}, save to reload", t["serve_incremental"], " ms"))
    if "median_latency_ms" in serve:
        rebuild = (f"rebuild {fmt_ms(serve['median_rebuild_ms'])} ms (median)" if "median_rebuild_ms" in serve
                   else "rebuild time not printed")
        last = serve.get("last_rebuild")
        detail = ""
        if last:
            detail = ("; last rebuild " + ", ".join(f"{k} {v:,}" for k, v in last["stages_ms"].items())
                      + f" ms, {last['markdown_redone']} Markdown and {last['html_redone']} HTML pages redone, "
                      f"{last['html_reused']:,} reused")
        lines.append(f"  {'':<44} {rebuild} of {serve['edits']} edits, latencies "
                     + ", ".join(fmt_ms(x) for x in serve["latency_ms"]) + f" ms{detail}"
                     + (f" ({serve['note']})" if "note" in serve else ""))
    return "\n".join(lines)


def main() -> int:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=env("BENCH_SIZES", "1000,10000"))
    parser.add_argument("--runs", type=int, default=int(env("BENCH_RUNS", "5")))
    parser.add_argument("--budget", type=float, default=float(env("BENCH_BUDGET", "1200")))
    parser.add_argument("--hugo", choices=["auto", "1", "0"], default=env("BENCH_HUGO", "auto") or "auto")
    parser.add_argument("--pagefind", choices=["auto", "1", "0"], default=env("BENCH_PAGEFIND", "auto") or "auto")
    parser.add_argument("--wait-idle", type=float, default=float(env("BENCH_WAIT_IDLE", "0")))
    parser.add_argument("--json", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument("--no-real-site", action="store_true", help="skip the real site's builds")
    parser.add_argument("--no-serve", action="store_true", default=env("BENCH_SERVE", "1") == "0",
                        help="skip the bund serve measurement (BENCH_SERVE=0)")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip() and s.strip() != "none")
    runs = max(1, args.runs)

    start = time.monotonic()
    deadline = start + args.budget
    loads_start = os.getloadavg()[0]
    WORK.mkdir(parents=True, exist_ok=True)
    binary = ensure_bund()
    hugo = find_hugo(args.hugo)
    global PAGEFIND
    PAGEFIND = find_pagefind(args.pagefind) if hugo else None

    results: dict = {
        "schema": 1,
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "bund": {**binary, "commit": git("rev-parse", "--short", "HEAD"),
                 "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))},
        "hugo": (hugo_version(hugo) + (" + pagefind 1.5.2" if PAGEFIND else "")) if hugo else None,
        "measured_with": "wall: clock around the process; CPU and peak RSS: "
                         + ("GNU time (/usr/bin/time -f '%e %U %S %M')" if GNU_TIME else "wait4 rusage"),
        "settings": {"sizes": sizes, "runs": runs, "budget_s": args.budget, "seed": generate.DEFAULT_SEED,
                     "generator_version": generate.GENERATOR_VERSION},
        "targets_definition": TARGETS,
        "sizes": {},
    }
    folders = {n: corpus(n, with_hugo=hugo is not None) for n in sizes}
    waited = time.monotonic()
    wait_idle(args.wait_idle)
    deadline += time.monotonic() - waited  # waiting is not part of the budget
    results["load_at_first_run"] = round(os.getloadavg()[0], 2)
    if not args.no_real_site:
        results["real_site"] = bench_real_site(max(5, runs))
    for i, n in enumerate(sizes):
        results["sizes"][str(n)] = bench_size(n, folders[n], hugo, runs, deadline, later=sizes[i + 1:])
    if sizes and not args.no_serve:
        largest = sizes[-1]
        results["serve"] = bench_serve(largest, folders[largest], results["sizes"][str(largest)]["bund"]["wall_s"],
                                       deadline)
    loads = [r["load_1min"] for s in results["sizes"].values() for tool in s["runs"].values() for r in tool]
    results["load"] = {"start": round(loads_start, 2), "end": round(os.getloadavg()[0], 2),
                       "mean_during": round(statistics.mean(loads), 2) if loads else None,
                       "max_during": max(loads) if loads else None}
    results["elapsed_s"] = round(time.monotonic() - start, 1)
    results["targets"] = targets(results)
    results["table"] = table(results)

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(results["table"])
    print(f"\n(wrote {args.json.relative_to(REPO) if args.json.is_relative_to(REPO) else args.json}; "
          f"{results['elapsed_s']:.0f} s in all)")
    if results["load_at_first_run"] > 0.5 * (os.cpu_count() or 1):
        print(f"note: the machine was busy before the first run (load {results['load_at_first_run']} on "
              f"{os.cpu_count()} cores); figures are pessimistic")
    log("bench: removing the outputs")
    shutil.rmtree(OUT, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
