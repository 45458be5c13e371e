#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifests as far as a machine without the Flatpak
remotes can: flatpak-builder parses them, every source has a checksum, the
sandbox holes are the reviewed ones, and the stable and development
manifests agree.

Usage: check-flatpak.py SOURCE_ROOT             check both manifests
       check-flatpak.py SOURCE_ROOT --meson-options
                                                print the app module's meson
                                                options, for tools/quickstart
                                                to build and test with them
"""

import json
import re
import shutil
import subprocess
import sys

STABLE = "flatpak/io.github.forkbench.Forkbench.json"
DEVEL = "flatpak/io.github.forkbench.Forkbench.Devel.json"

# Every hole in the sandbox, and why the app needs it. Files come and go
# through the portal (GtkFileChooserNative), notifications through the
# portal, and /proc/stat (every core's counters) is readable inside.
REVIEWED_FINISH_ARGS = {
    "--share=ipc": "X11's shared memory, which GTK uses under X11",
    "--socket=wayland": "the window",
    "--socket=fallback-x11": "the window where there is no Wayland",
    "--device=dri": "GTK's GPU renderer",
    "--system-talk-name=net.hadess.PowerProfiles":
        "the power profile, which makes runs comparable or not (power-profiles-daemon before 0.20)",
    "--system-talk-name=org.freedesktop.UPower.PowerProfiles": "the same, under its current name",
}


def load(root, path):
    with open(f"{root}/{path}", encoding="utf-8") as f:
        return json.load(f)


def app_module(manifest):
    return manifest["modules"][-1]


def check(root):
    errors = []
    builder = shutil.which("flatpak-builder")

    for path in (STABLE, DEVEL):
        manifest = load(root, path)
        if builder is not None:
            shown = subprocess.run([builder, "--show-manifest", f"{root}/{path}"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if shown.returncode != 0:
                errors.append(f"{path}: flatpak-builder cannot read it: {shown.stderr.strip()}")

        if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
            errors.append(f"{path}: not on the GNOME runtime and SDK")
        if manifest.get("command") != "forkbench":
            errors.append(f"{path}: the command is not forkbench")

        args = manifest.get("finish-args", [])
        for arg in args:
            if arg not in REVIEWED_FINISH_ARGS:
                errors.append(f"{path}: finish-arg {arg} has not been reviewed")
        for arg in REVIEWED_FINISH_ARGS:
            if arg not in args:
                errors.append(f"{path}: the reviewed finish-arg {arg} is missing")

        for module in manifest["modules"]:
            for source in module.get("sources", []):
                kind = source.get("type")
                name = module["name"]
                if kind in ("archive", "file"):
                    if not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
                        errors.append(f"{path}: {name}: {source.get('url')} has no sha256")
                    if not source.get("url", "").startswith("https://"):
                        errors.append(f"{path}: {name}: {source.get('url')} is not https")
                elif kind == "git":
                    if not re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")):
                        errors.append(f"{path}: {name}: a git source without its commit")
                elif kind not in ("dir", "patch"):
                    errors.append(f"{path}: {name}: a {kind} source cannot be checked")

        app = app_module(manifest)
        if app["name"] != "forkbench" or not app.get("run-tests"):
            errors.append(f"{path}: the last module must be forkbench, with run-tests")

    stable, devel = load(root, STABLE), load(root, DEVEL)
    if stable["id"] != "io.github.forkbench.Forkbench" or devel["id"] != stable["id"] + ".Devel":
        errors.append("the manifests' ids are not the app's and its .Devel")
    if "-Ddevelopment=true" not in app_module(devel)["config-opts"] or \
            "-Ddevelopment=true" in app_module(stable).get("config-opts", []):
        errors.append("only the Devel manifest builds with -Ddevelopment=true")
    if stable["runtime-version"] != devel["runtime-version"]:
        errors.append("the manifests are on different runtimes")
    if stable["modules"][:-1] != devel["modules"][:-1]:
        errors.append("the manifests build different dependencies")

    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        sys.exit(1)
    print(f"flatpak: both manifests parse{'' if builder else ' (as JSON; flatpak-builder is missing)'}, "
          f"every source has a checksum, {len(REVIEWED_FINISH_ARGS)} reviewed finish-args")


def main():
    root = sys.argv[1]
    if len(sys.argv) > 2 and sys.argv[2] == "--meson-options":
        print(" ".join(app_module(load(root, STABLE)).get("config-opts", [])))
        return
    check(root)


if __name__ == "__main__":
    main()
