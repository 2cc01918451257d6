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
rows = []
for name in logs:
    with open(os.path.join(results, name), encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("BUDGET |"):
                parts = [p.strip() for p in line.split("|")[1:]]
                if len(parts) >= 4:
                    rows.append(parts[:4] + [name[:-4]])

print("# Benchmarks\n")
print("Written by `make bench` (Benchmarks/run.sh) — every figure below is from that one run.\n")
print("## Machine and settings\n")
print(f"- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
print(f"- CPU: {cpu}, {os.cpu_count()} cores; memory: {sh('free -g | awk \"/Mem:/ {print $2}\"')} GiB")
print(f"- OS: {platform.platform()}")
print(f"- Swift: {sh('swift --version 2>&1 | head -1')}")
print(f"- load average at the end of the run: {sh('cut -d\" \" -f1-3 /proc/loadavg')}")
print("- builds: release (`-c release`); SQLite WAL with synchronous=FULL; loopback networking\n")
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
    print(f"### {name[:-4]}\n")
    print("```")
    print(text[-12000:])
    print("```\n")
