#!/usr/bin/env python3
"""Checks the structure of Kiln.app as macOS will read it (run by scripts/dist/check.sh).

    check_macos_bundle.py KILN.APP VERSION

Parses Info.plist with plistlib (the format macOS reads), then holds it to what the bundle
contains and to what macOS requires of a document-based application: an executable and an icon
where the plist says they are, the version, .iso and .cue document types (with the type macOS
lacks declared), usage strings for every protected place Kiln reads from, and every
localization carrying the same keys.
"""

import plistlib
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

USAGE_KEYS = [
    "NSDesktopFolderUsageDescription",
    "NSDocumentsFolderUsageDescription",
    "NSDownloadsFolderUsageDescription",
    "NSRemovableVolumesUsageDescription",
    "NSNetworkVolumesUsageDescription",
]

errors = []


def expect(condition, message):
    if not condition:
        errors.append(message)


def strings_file(path):
    """The keys and values of an old-style .strings file ("key" = "value"; lines)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    pairs = {}
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        m = re.fullmatch(r'"([^"]+)"\s*=\s*"((?:[^"\\]|\\.)*)"\s*;', line)
        if not m:
            errors.append(f"{path}: not a strings line: {line}")
            continue
        pairs[m.group(1)] = m.group(2)
    return pairs


def main(app, version):
    app = Path(app)
    contents = app / "Contents"
    with open(contents / "Info.plist", "rb") as f:
        plist = plistlib.load(f)

    expect(plist.get("CFBundlePackageType") == "APPL", "CFBundlePackageType is not APPL")
    expect((contents / "PkgInfo").read_bytes() == b"APPL????", "PkgInfo is not APPL????")
    bundle_id = plist.get("CFBundleIdentifier", "")
    expect(re.fullmatch(r"[A-Za-z0-9.-]+", bundle_id) and bundle_id.count(".") >= 2,
           f"CFBundleIdentifier {bundle_id!r} is not a reverse-DNS id of letters, digits, - and .")
    for key in ("CFBundleShortVersionString", "CFBundleVersion"):
        expect(plist.get(key) == version, f"{key} is {plist.get(key)!r}, Cargo.toml says {version}")

    exe = contents / "MacOS" / plist.get("CFBundleExecutable", "?")
    expect(exe.is_file() and exe.stat().st_mode & 0o111, f"{exe} (CFBundleExecutable) is missing or not executable")
    icon = contents / "Resources" / (plist.get("CFBundleIconFile", "?") + ".icns")
    expect(icon.is_file(), f"{icon} (CFBundleIconFile) is missing")
    if icon.is_file():
        check = subprocess.run(
            [sys.executable, str(HERE / "icon_containers.py"), "check", str(icon), "16,32,64,128,256,512,1024"],
            capture_output=True, text=True)
        expect(check.returncode == 0, f"{icon}: {check.stderr.strip()}")

    # Document types: .iso through the system's type, .cue through the one the plist declares.
    types = {t for d in plist.get("CFBundleDocumentTypes", []) for t in d.get("LSItemContentTypes", [])}
    expect("public.iso-image" in types, "no document type for public.iso-image (.iso)")
    declared = {
        d["UTTypeIdentifier"]: d.get("UTTypeTagSpecification", {}).get("public.filename-extension", [])
        for d in plist.get("UTImportedTypeDeclarations", []) + plist.get("UTExportedTypeDeclarations", [])
    }
    cue_types = [t for t, exts in declared.items() if "cue" in exts]
    expect(len(cue_types) == 1 and cue_types[0] in types, "no document type for a declared .cue type")
    exported = {
        d["UTTypeIdentifier"]: d.get("UTTypeTagSpecification", {}).get("public.filename-extension", [])
        for d in plist.get("UTExportedTypeDeclarations", [])
    }
    project_types = [t for t, exts in exported.items() if "kiln" in exts]
    expect(len(project_types) == 1 and project_types[0] in types,
           "no document type for the exported .kiln project type")
    for d in plist.get("CFBundleDocumentTypes", []):
        expect(d.get("CFBundleTypeRole") in ("Viewer", "Editor"), f"document type {d.get('CFBundleTypeName')}: bad role")

    for key in USAGE_KEYS:
        expect(len(plist.get(key, "")) > 20, f"{key} is missing or too short to tell the user why")

    langs = plist.get("CFBundleLocalizations", [])
    expect(sorted(langs) == ["en", "it"], f"CFBundleLocalizations is {langs}, expected en and it")
    english = None
    for lang in langs:
        path = contents / "Resources" / f"{lang}.lproj" / "InfoPlist.strings"
        if not path.is_file():
            errors.append(f"{path} is missing")
            continue
        pairs = strings_file(path)
        expect(set(USAGE_KEYS) <= set(pairs), f"{path} lacks some usage strings")
        if lang == "en":
            english = pairs
            for key in USAGE_KEYS:
                expect(pairs.get(key) == plist.get(key), f"{path}: {key} differs from Info.plist")
        elif english is not None:
            expect(set(pairs) == set(english), f"{path} has other keys than en.lproj")
            expect(any(pairs[k] != english[k] for k in USAGE_KEYS), f"{path} is not translated")

    if errors:
        for e in errors:
            print(f"Kiln.app: {e}", file=sys.stderr)
        sys.exit(1)
    print(f"{app}: Info.plist valid; {len(types)} document types, {len(USAGE_KEYS)} usage strings, "
          f"localizations {', '.join(langs)}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
