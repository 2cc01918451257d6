#!/usr/bin/env python3
"""The package's targets depend on what the architecture says, and no more: only the terminal UI
and the executable reach ncurses; the server, remote and store libraries never reach the UI.
Reads `swift package describe --type json`. Usage: target_layout_test.py [ignored binary path]"""
import json
import os
import subprocess

from serverlib import Checks

checks = Checks()
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
described = subprocess.run(["swift", "package", "describe", "--type", "json"], cwd=root, capture_output=True, text=True)
checks.check("swift package describe works", described.returncode == 0, described.stderr[-500:])
targets = {t["name"]: t.get("target_dependencies", []) for t in json.loads(described.stdout)["targets"]} if described.returncode == 0 else {}


def reach(name, seen=None):
    seen = set() if seen is None else seen
    for dependency in targets.get(name, []):
        if dependency not in seen:
            seen.add(dependency)
            reach(dependency, seen)
    return seen


for library in ["IsomorphiqCore", "IsomorphiqStore", "IsomorphiqPostgres", "IsomorphiqServer", "IsomorphiqSource", "IsomorphiqRemote"]:
    reached = reach(library)
    checks.check("%s reaches neither the TUI nor ncurses" % library, not ({"IsomorphiqTUI", "CNCursesW"} & reached), sorted(reached))
checks.check("the server does not reach the store's SQLite or the remote client",
             not ({"IsomorphiqStore", "IsomorphiqRemote", "CSQLiteWALBuffer"} & reach("IsomorphiqServer")), sorted(reach("IsomorphiqServer")))
checks.check("Core depends on no other target of the package", targets.get("IsomorphiqCore") == [], targets.get("IsomorphiqCore"))
checks.done()
