"""Production settings refuse unsafe configuration; check --deploy is clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "9f8e7d6c5b4a3Z2Y1X0wVuTsRqPoNmLkJiHgFeDcBa-_"


def _run(args, **env):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("ACADEMY_", "DJANGO_"))
    }
    environment.update(DJANGO_SETTINGS_MODULE="academy.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _run(["check"], ACADEMY_ALLOWED_HOSTS="academy.example.org")
    assert result.returncode != 0
    assert "Set ACADEMY_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run(["check"], ACADEMY_SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "Set ACADEMY_ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_the_academy_keys(key_files, tmp_path):
    """Each node generating its own keys would sign what other nodes can't verify."""
    result = _run(
        ["check"],
        ACADEMY_SECRET_KEY=GOOD_KEY,
        ACADEMY_ALLOWED_HOSTS="academy.example.org",
        ACADEMY_SEAL_KEY_FILE=key_files["ACADEMY_SEAL_KEY_FILE"],
    )
    assert result.returncode != 0
    assert "ACADEMY_SEAL_CERT_FILE is not set" in result.stderr
    assert "ACADEMY_OB_KEY_FILE is not set" in result.stderr
    assert "manage.py create_academy_keys" in result.stderr
    missing = tmp_path / "old-key.pem"
    result = _run(
        ["check"],
        ACADEMY_SECRET_KEY=GOOD_KEY,
        ACADEMY_ALLOWED_HOSTS="academy.example.org",
        ACADEMY_OB_RETIRED_KEY_FILES=str(missing),
        **key_files,
    )
    assert result.returncode != 0
    assert f"ACADEMY_OB_RETIRED_KEY_FILES={missing} is not a file" in result.stderr


def test_production_refuses_to_start_without_a_shared_cache(key_files):
    """A per-process cache would keep a replaced page or a revoked "valid"."""
    result = _run(
        ["check"],
        ACADEMY_SECRET_KEY=GOOD_KEY,
        ACADEMY_ALLOWED_HOSTS="academy.example.org",
        REDIS_URL="",
        **key_files,
    )
    assert result.returncode != 0
    assert "Set REDIS_URL" in result.stderr


def test_check_deploy_is_clean_with_production_settings(key_files):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        ACADEMY_SECRET_KEY=GOOD_KEY,
        ACADEMY_ALLOWED_HOSTS="academy.example.org",
        REDIS_URL="redis://127.0.0.1:6379/9",
        **key_files,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_embedded_sqlite_uses_wal_and_immediate_transactions(tmp_path):
    """A SQLite database file runs in WAL mode with immediate transactions."""
    code = (
        "from django.db import connection; c = connection.cursor();"
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "print(connection.transaction_mode)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACADEMY_")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="academy.settings.dev",
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out[-2:] == ["wal", "IMMEDIATE"]


def test_environment_switches_each_engine():
    code = (
        "from academy.settings import base as s;"
        "print(s.DATABASES['default']['ENGINE']);"
        "print(s.CACHES['default']['BACKEND']);"
        "print(s.TASKS['default']['BACKEND']);"
        "print(s.STORAGES['default']['BACKEND']);"
        "print(s.EMAIL_BACKEND)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACADEMY_")}
    env.pop("DATABASE_URL", None)
    defaults = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert defaults == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "django_tasks.backends.immediate.ImmediateBackend",
        "django.core.files.storage.FileSystemStorage",
        "django.core.mail.backends.console.EmailBackend",
    ]
    env.update(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/academy",
        REDIS_URL="redis://127.0.0.1:6379/0",
        ACADEMY_TASKS_BACKEND="rq",
        ACADEMY_S3_BUCKET="certificates",
        EMAIL_URL="smtp+tls://user:pw@mail.example.org:587",
    )
    production = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert production == [
        "django.db.backends.postgresql",
        "academy.cache.RedisCache",
        "django_tasks_rq.RQBackend",
        "storages.backends.s3.S3Storage",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def test_commands_run_before_the_first_migration(tmp_path):
    """Nothing may touch the database at import time: a fresh install runs
    `compile_translations` and `check` before `migrate`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACADEMY_")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        DJANGO_SETTINGS_MODULE="academy.settings.dev",
    )
    for command in (["check"], ["compile_translations"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-2000:]


def test_nul_characters_in_the_address_get_400(client, db):
    response = client.get("/api/v1/competencies", {"domain": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert client.get("/verify/AB%00CD/").status_code == 400
    assert client.get("/courses/", {"q\x00": "x"}).status_code == 400
