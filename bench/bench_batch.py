"""Throughput, speed-up and peak memory of `reliability score` on a large CSV built from the sample.

    python bench/bench_batch.py --rows 20000            # articles/s with --jobs 1 and 2, speed-up
    python bench/bench_batch.py --gb 1 --jobs 2         # memory check on a 1 GB file
    python bench/bench_batch.py --rows 50000 --reader-only   # the CSV reader alone, no scoring

Builds WORKDIR/bench_input.csv by repeating data/sample_articles.csv with fresh ids (kept when it
already has the asked size), runs the installed `reliability score` on it once per --jobs value,
and prints wall-clock articles/s (start-up included), articles/s per core, articles per CPU-second
of the whole process tree (what one core does when it is not shared: the figure to trust on a
busy machine), the speed-up over the first --jobs value, and peak RSS. Peak RSS is read from /proc while the command runs: the sum of
each process's own peak (VmHWM) is an upper bound for the tree, since pool workers share pages
with the parent and do not all peak at once; the largest sampled total RSS is shown beside it, and
the largest sampled total PSS (shared pages divided among their processes: the tree's real use).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample_articles.csv"


def build_input(path: Path, sample: Path, rows: int | None, gigabytes: float | None) -> int:
    """Write ``rows`` rows (or about ``gigabytes`` GB) of repeated sample articles; return the row count."""
    target_bytes = int(gigabytes * 1e9) if gigabytes else None
    with sample.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        articles = list(reader)
    id_at = header.index("id") if "id" in header else None
    written = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        while (rows is not None and written < rows) or (
            target_bytes is not None and out.tell() < target_bytes
        ):
            row = list(articles[written % len(articles)])
            if id_at is not None:
                row[id_at] = f"{row[id_at]}-{written:09d}"
            writer.writerow(row)
            written += 1
    return written


def process_tree(root: int) -> list[int]:
    """``root`` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def memory_kb(pid: int) -> tuple[int, int, int]:
    """(current RSS, peak RSS, current PSS) of one process in kB; zeros once it has gone.

    PSS shares each page among the processes that map it, so PSS adds up to the tree's real use.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0, 0
    found = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE))
    pss = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
    return int(found.get("VmRSS", 0)), int(found.get("VmHWM", 0)), int(pss.group(1)) if pss else 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time one process has used so far; 0 once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_score(command: list[str]) -> dict:
    """Run one scoring command, sampling the memory of its process tree until it ends."""
    started = time.monotonic()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peaks: dict[int, int] = {}
    cpu: dict[int, float] = {}  # last seen per process: a process's final 0.2 s may be missed
    largest_total = largest_pss = 0
    while process.poll() is None:
        total = total_pss = 0
        for pid in process_tree(process.pid):
            rss, hwm, pss = memory_kb(pid)
            total += rss
            total_pss += pss
            peaks[pid] = max(peaks.get(pid, 0), hwm)
            cpu[pid] = max(cpu.get(pid, 0.0), cpu_seconds(pid))
        largest_total = max(largest_total, total)
        largest_pss = max(largest_pss, total_pss)
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    stderr = process.stderr.read()
    return {
        "exit": process.returncode,
        "elapsed": elapsed,
        "sum_of_peaks_mb": sum(peaks.values()) / 1024,
        "largest_sampled_total_mb": largest_total / 1024,
        "largest_sampled_pss_mb": largest_pss / 1024,
        "processes": len(peaks),
        "cpu_seconds": sum(cpu.values()),
        "summary": next(
            (line for line in stderr.splitlines() if line.startswith("rows read")), stderr[-500:]
        ),
    }


def reader_only(path: Path, chunk_size: int) -> None:
    from scoring.batch import open_source

    started = time.monotonic()
    rows = 0
    with open_source(str(path), "csv", chunk_size=chunk_size) as source:
        for chunk in source.chunks():
            rows += len(chunk.rows)
    elapsed = time.monotonic() - started
    size_mb = path.stat().st_size / 1e6
    print(
        f"reader only: {rows:,} rows, {size_mb:,.0f} MB in {elapsed:.1f} s: {rows / elapsed:,.0f} rows/s, {size_mb / elapsed:,.1f} MB/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--rows", type=int, help="rows in the built input")
    size.add_argument("--gb", type=float, help="size of the built input in GB")
    parser.add_argument(
        "--jobs", default="1,2", help="comma-separated --jobs values to run (default 1,2)"
    )
    parser.add_argument("--chunk-size", type=int, default=500)
    parser.add_argument("--model", help="model file (default: the shipped model)")
    parser.add_argument(
        "--sample",
        type=Path,
        default=SAMPLE,
        help="CSV to repeat (default data/sample_articles.csv)",
    )
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "reliability-bench"
    )
    parser.add_argument("--reader-only", action="store_true", help="time the CSV reader alone")
    args = parser.parse_args()

    args.workdir.mkdir(parents=True, exist_ok=True)
    source = args.workdir / f"bench_input_{args.rows or args.gb}{'rows' if args.rows else 'gb'}.csv"
    count = source.with_suffix(".rows")
    if source.exists() and count.exists():
        rows = int(count.read_text())
    else:
        started = time.monotonic()
        rows = build_input(source, args.sample, args.rows, args.gb)
        count.write_text(str(rows))
        print(
            f"built {source} ({rows:,} rows, {source.stat().st_size / 1e6:,.0f} MB) in {time.monotonic() - started:.0f} s"
        )
    if args.reader_only:
        reader_only(source, args.chunk_size)
        return

    reliability = Path(sys.executable).with_name("reliability")
    baseline = None
    for jobs in [int(j) for j in args.jobs.split(",")]:
        output = args.workdir / f"bench_output_jobs{jobs}.csv"
        command = [str(reliability), "score", str(source), "-o", str(output), "--jobs", str(jobs),
                   "--chunk-size", str(args.chunk_size)] + (["--model", args.model] if args.model else [])  # fmt: skip
        result = run_score(command)
        rate = rows / result["elapsed"]
        baseline = baseline or rate
        print(
            f"--jobs {jobs}: {rows:,} articles in {result['elapsed']:.1f} s = {rate:,.0f} articles/s "
            f"({rate / jobs:,.0f} per core; {rows / result['cpu_seconds']:,.0f} per CPU-second), speed-up {rate / baseline:.2f}x; peak RSS: sum of "
            f"{result['processes']} processes' peaks {result['sum_of_peaks_mb']:,.0f} MB, largest sampled "
            f"total {result['largest_sampled_total_mb']:,.0f} MB (PSS {result['largest_sampled_pss_mb']:,.0f} MB); "
            f"exit {result['exit']}\n    {result['summary']}"
        )
        output.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
