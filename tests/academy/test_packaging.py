"""The built wheel holds every app package, template, static file and translation,
and the project starts from it alone (no source tree, no editable install).

Fast on purpose: the wheel is built once with the virtualenv's setuptools (no
build isolation, no download) and imported from an unpacked copy rather than
installed into a new virtualenv.
"""

import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOT_SHIPPED = {"tests", "bench", "docs", "build", "node_modules"}
SCRATCH = shutil.ignore_patterns(
    ".*",
    "__pycache__",
    "*.egg-info",
    "build",
    "dist",
    "media",
    "private-media",
    "staticfiles",
    "test-artifacts",
    "var",
    "db.sqlite3*",
    "tests",
    "bench",
)


def _source_files(folder: str, *patterns: str) -> set[str]:
    root = REPO / folder
    return {
        path.relative_to(root).as_posix()
        for pattern in patterns
        for path in root.rglob(pattern)
        if path.is_file()
    }


def _source_packages() -> set[str]:
    packages = set()
    for init in REPO.rglob("__init__.py"):
        parts = init.relative_to(REPO).parts[:-1]
        if not parts or parts[0] in NOT_SHIPPED or parts[0].startswith("."):
            continue
        packages.add("/".join(parts))
    return packages


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("source") / "project"
    shutil.copytree(REPO, project, ignore=SCRATCH, symlinks=True)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--wheel-dir",
            str(out),
            str(project),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("citizen_academy-*.whl")
    return built


def test_wheel_holds_every_package_template_static_file_and_translation(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = _source_packages()
    assert {"academy", "accounts", "cms", "courses", "certificates"} <= packages
    missing = [p for p in sorted(packages) if f"{p}/__init__.py" not in names]
    assert not missing, f"packages left out of the wheel: {missing}"
    for folder in ("templates", "static"):
        files = _source_files(folder, "*")
        assert files
        missing = sorted(f for f in files if f"academy/{folder}/{f}" not in names)
        assert not missing, f"{folder} left out of the wheel: {missing}"
    translations = _source_files("locale", "*.po", "*.mo")
    assert {f for f in translations if f.endswith(".po")}
    missing = sorted(f for f in translations if f"academy/locale/{f}" not in names)
    assert not missing, f"translations left out of the wheel: {missing}"
    contexts = _source_files("certificates/contexts", "*.json")
    assert all(f"certificates/contexts/{f}" in names for f in contexts)
    assert not any(n.startswith(("tests/", "bench/")) for n in names)


STARTUP = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    site = Path(sys.argv[1]).resolve()
    import django
    django.setup()
    for name in ("academy", "accounts", "cms", "courses", "certificates"):
        module = __import__(name)
        where = Path(module.__file__).resolve()
        assert site in where.parents, f"{name} imported from {where}, not the wheel"
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.template.loader import get_template
    from django.urls import reverse
    from django.utils import translation

    call_command("check")
    get_wsgi_application()
    assert reverse("verify_form") == "/verify/"
    for name in ("base.html", "certificates/verify_detail.html",
                 "certificates/pdf/certificate.html", "accounts/profile.html"):
        origin = Path(get_template(name).origin.name).resolve()
        assert site in origin.parents, origin
    assert site in Path(finders.find("css/academy.css")).resolve().parents
    translation.activate("fr")
    assert translation.gettext("English") == "Anglais", "no French catalogue"
    print("started")
    """
)


def test_the_project_starts_from_the_unpacked_wheel(wheel, key_files, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    run = tmp_path / "run"
    run.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "DJANGO_SETTINGS_MODULE": "academy.settings.production",
        "ACADEMY_SECRET_KEY": "wheel-test-" + "x" * 60,
        "ACADEMY_ALLOWED_HOSTS": "academy.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ACADEMY_MEDIA_ROOT": str(tmp_path / "media"),
        "ACADEMY_PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "ACADEMY_SEAL_DIR": str(tmp_path / "seal"),
        **key_files,
    }
    env["REDIS_URL"] = "redis://127.0.0.1:6379/9"  # production requires one
    result = subprocess.run(
        [sys.executable, "-c", STARTUP, str(site)],
        cwd=run,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("started")
