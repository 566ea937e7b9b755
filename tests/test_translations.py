"""The Indonesian catalog is complete, has no fuzzy entries, and its .mo matches the .po."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"
SKIP = shutil.ignore_patterns(
    ".*", "__pycache__", "node_modules", "staticfiles", "media", "*.sqlite3", "test-artifacts"
)


@pytest.fixture(scope="module")
def extracted_catalog(tmp_path_factory):
    """Run makemessages on a copy of the project, so new strings show up as untranslated."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is needed (the Makefile installs it with apt-get).")
    copy = tmp_path_factory.mktemp("project") / "src"
    shutil.copytree(ROOT, copy, ignore=SKIP)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-obsolete", "-v", "0"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    return polib.pofile(str(copy / "locale" / "id" / "LC_MESSAGES" / "django.po"))


def test_every_source_string_has_an_indonesian_translation(extracted_catalog):
    missing = [entry.msgid for entry in extracted_catalog.untranslated_entries()]
    assert missing == [], "run `make messages` and translate these"


def test_no_translation_is_fuzzy():
    fuzzy = [entry.msgid for entry in polib.pofile(str(PO_FILE)).fuzzy_entries()]
    assert fuzzy == []


def test_committed_mo_matches_the_po():
    po = polib.pofile(str(PO_FILE))
    mo = polib.mofile(str(PO_FILE.with_suffix(".mo")))

    def as_dict(catalog, keep):
        return {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalog
            if e.msgid and keep(e)
        }

    translated = as_dict(po, lambda e: e.translated() and not e.obsolete)
    assert translated, "the catalog is empty"
    assert as_dict(mo, lambda e: True) == translated, "run `make messages` to recompile the .mo"
