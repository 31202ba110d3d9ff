"""Moves the translations of the apps' own catalogues (made by scripts/app_messages.py while
several people work at once) into the project's one catalogue, then deletes them:

    .venv/bin/python scripts/merge_app_catalogues.py && make messages

An entry already translated in the project's catalogue keeps its translation.
"""

import shutil
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def main() -> None:
    target = polib.pofile(str(TARGET), wrapwidth=0)
    known = {key(entry): entry for entry in target if not entry.obsolete}
    added = filled = 0
    for path in sorted(ROOT.glob("kythuat/*/locale/vi/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(path)).translated_entries():
            if "fuzzy" in entry.flags:
                continue
            mine = known.get(key(entry))
            if mine is None:
                entry.occurrences = []
                target.append(entry)
                known[key(entry)] = entry
                added += 1
            elif not mine.translated():
                mine.msgstr, mine.msgstr_plural = entry.msgstr, entry.msgstr_plural
                mine.flags = [flag for flag in mine.flags if flag != "fuzzy"]
                filled += 1
        shutil.rmtree(path.parents[2])
        print(f"merged and removed {path.parents[2].relative_to(ROOT)}")
    target.save()
    print(f"{added} entries added, {filled} filled")


if __name__ == "__main__":
    main()
