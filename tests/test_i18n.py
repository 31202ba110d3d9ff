"""The Vietnamese catalogue: complete, fully translated, placeholders intact, compiled right."""

import os
import re
import shutil
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
VI_CATALOGUE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
# The folders `make messages` leaves out; it is how the catalogue is updated.
NOT_SOURCES = ["staticfiles", "var", "test-artifacts", "node_modules"]
MAKEMESSAGES = {"locale": ["vi"], "no_location": True, "ignore_patterns": NOT_SOURCES}
NAMED = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
POSITIONAL = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACES = re.compile(r"\{\w*\}")


def catalogues() -> list[Path]:
    return sorted((ROOT / "locale").rglob("*.po")) + sorted(ROOT.glob("kythuat/*/locale/**/*.po"))


def placeholders(text: str, flags: list[str]) -> Counter:
    found = Counter(NAMED.findall(text))
    if "python-format" in flags:
        found += Counter(POSITIONAL.findall(NAMED.sub("", text.replace("%%", ""))))
    if "python-brace-format" in flags:
        found += Counter(BRACES.findall(text))
    return found


def placeholder_mismatches(catalogue: polib.POFile) -> list[str]:
    """Entries whose translation drops, adds or renames a placeholder of the msgid."""
    problems = []
    for entry in catalogue.translated_entries():
        expected = placeholders(entry.msgid_plural or entry.msgid, entry.flags)
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            if placeholders(text, entry.flags) != expected:
                problems.append(f"{entry.msgid!r} → {text!r}")
    return problems


def keys(catalogue: polib.POFile) -> set[str]:
    return {
        f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        for entry in catalogue
        if not entry.obsolete and entry.msgid
    }


def test_the_vietnamese_catalogue_is_there():
    assert VI_CATALOGUE in catalogues()


@pytest.mark.parametrize("path", catalogues(), ids=lambda path: str(path.relative_to(ROOT)))
def test_catalogue_is_fully_translated(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {path}: {untranslated}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy (to check, then remove the flag) in {path}: {fuzzy}"


@pytest.mark.parametrize("path", catalogues(), ids=lambda path: str(path.relative_to(ROOT)))
def test_translations_keep_the_placeholders(path):
    problems = placeholder_mismatches(polib.pofile(str(path)))
    assert not problems, "Placeholders differ between msgid and msgstr:\n" + "\n".join(problems)


def test_a_renamed_or_dropped_placeholder_is_reported():
    catalogue = polib.POFile()
    catalogue.append(
        polib.POEntry(
            msgid="Unit %(unit)s still has %(count)s items.",
            flags=["python-format"],
            msgstr="Đơn vị %(don_vi)s vẫn còn %(count)s tài sản.",
        )
    )
    catalogue.append(
        polib.POEntry(
            msgid="%(count)s item",
            msgid_plural="%(count)s items",
            flags=["python-format"],
            msgstr_plural={0: "tài sản"},
        )
    )
    catalogue.append(
        polib.POEntry(
            msgid="Balance of %(type)s: %(have)s",
            msgstr="Tồn %(type)s: %(have)s",
        )
    )
    problems = placeholder_mismatches(catalogue)
    assert len(problems) == 2
    assert "don_vi" in problems[0]
    assert "tài sản" in problems[1]


def copy_sources(target: Path) -> None:
    """The files makemessages reads (.py, .html, .txt), without the catalogues themselves."""
    skipped = {"locale", "__pycache__", *NOT_SOURCES}

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [
            name
            for name in names
            if name.startswith(".")
            or name in skipped
            or (Path(folder, name).is_file() and Path(name).suffix not in {".py", ".html", ".txt"})
        ]

    shutil.copytree(ROOT, target, ignore=ignore)


def test_catalogue_has_every_msgid_of_the_code(settings, monkeypatch, tmp_path):
    if shutil.which("xgettext") is None:
        message = "GNU gettext's xgettext is needed to extract msgids (apt-get install gettext)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # makemessages writes into any `locale` folder it meets while walking the sources, so it
    # runs on a copy: the committed catalogue is never touched by the test.
    sources = tmp_path / "sources"
    copy_sources(sources)
    settings.LOCALE_PATHS = [sources / "locale"]
    monkeypatch.chdir(sources)
    call_command("makemessages", **MAKEMESSAGES, verbosity=0)
    extracted = polib.pofile(str(sources / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    missing = sorted(keys(extracted) - keys(polib.pofile(str(VI_CATALOGUE))))
    assert not missing, (
        f"{len(missing)} msgids of the code are not in {VI_CATALOGUE.relative_to(ROOT)}; "
        "run `make messages` and translate them:\n" + "\n".join(missing)
    )


def test_compiled_catalogue_is_served_and_fuzzy_entries_stay_english(settings, tmp_path):
    committed = polib.pofile(str(VI_CATALOGUE))
    known = next(
        entry
        for entry in committed.translated_entries()
        if not entry.msgctxt and not entry.msgid_plural
    )
    catalogue = polib.POFile()
    catalogue.metadata = committed.metadata
    catalogue.append(polib.POEntry(msgid=known.msgid, msgstr=known.msgstr))
    unchecked = "Needs checking"  # a variable, so that makemessages does not extract it
    catalogue.append(polib.POEntry(msgid=unchecked, msgstr="Cần kiểm tra lại", flags=["fuzzy"]))
    folder = tmp_path / "locale" / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue.save(str(folder / "django.po"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]

    call_command("compile_catalogue", verbosity=0)

    assert (folder / "django.mo").is_file()
    with translation.override("vi"):
        assert translation.gettext(known.msgid) == known.msgstr
        assert translation.gettext(unchecked) == unchecked
