"""Missing-translation check: every interface message is translated into every
language the academy offers, and the catalogues are up to date with the code."""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.commands import makemessages

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
# The same options as `make messages`.
IGNORE = [
    ".venv",
    "tests",
    "bench",
    "demo/*",
    "test-artifacts",
    "var",
    "templates/wagtailadmin/*",  # copies of Wagtail templates: Wagtail translates them
    "templates/wagtail_localize/*",  # likewise, wagtail-localize's
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>")


def catalogue(code):
    return polib.pofile(str(ROOT / "locale" / code / "LC_MESSAGES" / "django.po"))


class Extract(makemessages.Command):
    """``makemessages`` that writes its fresh catalogue to ``out``, never to
    the project's locale folder."""

    def __init__(self, out):
        super().__init__()
        self.out = str(out)

    def find_files(self, root):
        files = super().find_files(root)
        for file in files:
            file.locale_dir = self.out
        self.locale_paths = [self.out]
        self.default_locale_path = self.out
        return files


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The messages in the code today, extracted with gettext like `make messages`."""
    if not shutil.which("xgettext"):
        pytest.fail("gettext is required: apt-get install gettext")
    out = tmp_path_factory.mktemp("locale")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        call_command(
            Extract(out),
            locale=["fr"],
            ignore_patterns=IGNORE,
            no_location=True,
            verbosity=0,
        )
    finally:
        os.chdir(cwd)
    msgids = {
        entry.msgid for entry in polib.pofile(str(out / "fr/LC_MESSAGES/django.po"))
    }
    # Templates, Python code and model fields were all read.
    assert {"Check a certificate", "Mark as complete", "quiz pass mark (%)"} <= msgids
    return msgids


def test_interface_offers_at_least_three_languages_beyond_english():
    assert len(LANGUAGES) >= 3


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_message_in_the_code_is_translated(extracted, code):
    po = catalogue(code)
    translated = {
        entry.msgid
        for entry in po
        if entry.translated() and not entry.obsolete and "fuzzy" not in entry.flags
    }
    missing = sorted(extracted - translated)
    assert missing == [], (
        f"{len(missing)} messages are not translated into {code!r}: run "
        f"`make messages`, translate them in locale/{code}/LC_MESSAGES/django.po"
    )


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_keep_every_placeholder(code):
    broken = []
    for entry in catalogue(code).translated_entries():
        sources = [entry.msgid, entry.msgid_plural or entry.msgid]
        targets = (
            list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        )
        expected = sorted(set(PLACEHOLDER.findall(sources[-1])))
        for target in targets:
            found = sorted(set(PLACEHOLDER.findall(target)))
            if found != expected and found != sorted(
                set(PLACEHOLDER.findall(sources[0]))
            ):
                broken.append((entry.msgid, target))
    assert broken == []
