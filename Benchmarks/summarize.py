#!/usr/bin/env python3
"""Writes BENCHMARKS.md from the logs of one `make bench` run (Benchmarks/run.sh).

Every benchmark prints, besides its own detail, one line per budget line of DESIGN.md:
    BUDGET | <what> | <budget> | <figure> | <yes|no>
This collects them into one table, with the machine and the settings, then appends each log.
"""
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone

results = sys.argv[1]
logs = sorted(f for f in os.listdir(results) if f.endswith(".txt"))

def sh(command):
    try:
        return subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        return "?"

cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
memory = sh("free -g | awk '/Mem:/ {print $2}'")
swift_version = sh("swift --version 2>&1 | head -1")
load = sh("cut -d' ' -f1-3 /proc/loadavg")
rows = []
for name in logs:
    with open(os.path.join(results, name), encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("BUDGET |"):
                parts = [p.strip() for p in line.split("|")[1:]]
                if len(parts) >= 4:
                    rows.append(parts[:4] + [name[:-4]])

print("# Benchmarks\n")
print("Written by `make bench` (Benchmarks/run.sh) from the logs of its benchmarks; the section of each")
print("log below says when it was written. Re-run one with `bash Benchmarks/NAME/bench.sh > .build-bench/results/NAME.txt`")
print("and `python3 Benchmarks/summarize.py .build-bench/results > BENCHMARKS.md`.\n")
print("## Machine and settings\n")
print(f"- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
print(f"- CPU: {cpu}, {os.cpu_count()} cores; memory: {memory} GiB")
print(f"- OS: {platform.platform()}")
print(f"- Swift: {swift_version}")
print(f"- load average when this file was written: {load} (the machine is shared; see the notes)")
print("- builds: release (`-c release`); SQLite WAL with synchronous=FULL; loopback networking")
pins = (os.environ.get("SERVER_CPUS", ""), os.environ.get("CLIENT_CPUS", ""))
if any(pins):
    print(f"- fan-out benchmarks (ServerBench, NodeBaseline): server pinned to CPU {pins[0] or 'any'}, load client (LeanClient, C/epoll) to CPU {pins[1] or 'any'} (`taskset`)")
print()
print("## Budget (DESIGN.md) and figures\n")
print("| what | budget | measured | met | from |")
print("|---|---|---|---|---|")
for what, budget, figure, met, source in rows:
    mark = {"yes": "✅", "no": "❌"}.get(met.lower(), met)
    print(f"| {what} | {budget} | {figure} | {mark} | {source} |")
if not rows:
    print("| (no budget lines were reported) | | | | |")
print("\nA ❌ line has its reason and the measured limit in the notes below and in the detail of its log.\n")
notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "NOTES.md")
if os.path.exists(notes):
    with open(notes, encoding="utf-8") as f:
        print(f.read().strip() + "\n")
print("## Detail, per benchmark\n")
for name in logs:
    with open(os.path.join(results, name), encoding="utf-8", errors="replace") as f:
        text = f.read().strip()
    written = datetime.fromtimestamp(os.path.getmtime(os.path.join(results, name)), timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"### {name[:-4]} (written {written})\n")
    print("```")
    print(text[-12000:])
    print("```\n")
