#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Installs the build into a DESTDIR, checks that every file GNOME expects
is where it expects it, and runs the installed forkbench-cli on a preset in
processes, which must find the installed worker (not the build tree's).

Usage: check-install.py BUILD_DIR PREFIX APP_ID BINDIR LIBEXECDIR DATADIR MANDIR
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    build, prefix, app_id, bindir, libexecdir, datadir, mandir = sys.argv[1:8]
    with tempfile.TemporaryDirectory(prefix="forkbench-install-") as destdir:
        subprocess.run(["meson", "install", "-C", build, "--no-rebuild", "--quiet", "--destdir", destdir],
                       check=True, stdout=subprocess.DEVNULL)
        root = destdir + prefix

        def at(*parts):
            return os.path.join(root, *parts)

        expected = [
            at(bindir, "forkbench"),
            at(bindir, "forkbench-cli"),
            at(libexecdir, "forkbench-worker"),
            at(datadir, "applications", f"{app_id}.desktop"),
            at(datadir, "metainfo", f"{app_id}.metainfo.xml"),
            at(datadir, "dbus-1", "services", f"{app_id}.service"),
            at(datadir, "icons", "hicolor", "scalable", "apps", f"{app_id}.svg"),
            at(datadir, "icons", "hicolor", "symbolic", "apps", f"{app_id}-symbolic.svg"),
            at(datadir, "glib-2.0", "schemas", "io.github.forkbench.Forkbench.gschema.xml"),
            at(datadir, "mime", "packages", f"{app_id}.xml"),
            at(datadir, "locale", "de", "LC_MESSAGES", "forkbench.mo"),
            at(datadir, "locale", "es", "LC_MESSAGES", "forkbench.mo"),
            at(mandir, "man1", "forkbench-cli.1"),
            at(datadir, "doc", "forkbench", "workloads.md"),
            at(datadir, "forkbench", "forkbench-harness.py"),
            at(datadir, "forkbench", "presets", "python-square.py"),
        ]
        missing = [path for path in expected if not os.path.isfile(path)]
        for path in missing:
            print(f"not installed: {os.path.relpath(path, destdir)}", file=sys.stderr)

        for program in (at(bindir, "forkbench"), at(bindir, "forkbench-cli"), at(libexecdir, "forkbench-worker")):
            if os.path.exists(program) and not os.access(program, os.X_OK):
                missing.append(program)
                print(f"not executable: {os.path.relpath(program, destdir)}", file=sys.stderr)

        with open(at(datadir, "dbus-1", "services", f"{app_id}.service"), encoding="utf-8") as f:
            service = f.read()
        if f"Name={app_id}\n" not in service or f"Exec={os.path.join(prefix, bindir)}/forkbench " not in service:
            missing.append("service")
            print(f"the D-Bus service does not start {prefix}/{bindir}/forkbench as {app_id}:\n{service}",
                  file=sys.stderr)

        if missing:
            sys.exit(1)

        # The installed command line, with no hint of the build tree.
        env = {key: value for key, value in os.environ.items() if not key.startswith("FORKBENCH_")}
        result = subprocess.run([at(bindir, "forkbench-cli"), "run", "--preset", "pool-map-square",
                                 "--mode", "processes", "--format", "json"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            sys.exit(f"the installed forkbench-cli failed ({result.returncode}): {result.stderr}")
        run = json.loads(result.stdout)
        processes = run["runs"][0]
        if processes["mode"] != "processes" or processes["tasks_ok"] != processes["tasks"]:
            sys.exit(f"the installed forkbench-cli did not run every task in processes: {processes}")
        # The python kernel, with the installed harness and preset files.
        python = ""
        if shutil.which("python3"):
            result = subprocess.run([at(bindir, "forkbench-cli"), "run", "--preset", "python-square-list",
                                     "--mode", "processes", "--format", "json", "--results"],
                                    env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if result.returncode != 0:
                sys.exit(f"the installed forkbench-cli failed on a python preset ({result.returncode}): "
                         f"{result.stderr}")
            squares = json.loads(result.stdout)["runs"][0]["results"]
            if squares != [9, 16, 25, 36, 36, 49, 7569, 64, 64]:
                sys.exit(f"the installed python preset gave {squares}")
            python = "; and a python preset with the installed harness"

        print(f"installed {len(expected)} files; the installed forkbench-cli ran "
              f"{processes['tasks_ok']} tasks in processes with the installed worker{python}")


if __name__ == "__main__":
    main()
