"""Fail when a translation catalogue is incomplete or its compiled file is stale.

Every .po under bcd138/locale must have every entry translated and none fuzzy, and
the committed .mo must hold exactly the .po's translations (a fresh machine has no
gettext tools, so the .mo in the repository is what users get).
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]


def problems(po_path: Path) -> list[str]:
    po = polib.pofile(str(po_path))
    found = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    found += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [*found, f"{mo_path} is missing; run `bcd138 compilemessages`"]
    mo = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(mo_path))
    }
    for entry in po.translated_entries():
        if mo.get((entry.msgctxt, entry.msgid)) != (entry.msgstr, entry.msgstr_plural):
            found.append(f"stale .mo for {entry.msgid!r}; run `bcd138 compilemessages`")
    return found


def main() -> int:
    catalogues = sorted((ROOT / "bcd138" / "locale").glob("*/LC_MESSAGES/*.po"))
    if not catalogues:
        print("no translation catalogues found")
        return 1
    failed = False
    for po_path in catalogues:
        found = problems(po_path)
        for line in found[:50]:
            print(f"{po_path.relative_to(ROOT)}: {line}")
        failed = failed or bool(found)
        if not found:
            print(f"{po_path.relative_to(ROOT)}: ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
