"""The command-line contract, through the real `gongkai` command on a fresh data directory."""

import json
import secrets
import sqlite3
import stat
import subprocess
import sys

import pytest

from gongkai.core import keys
from tests.cli import clean_env, gongkai


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    result = gongkai(data, "migrate")
    assert result.returncode == 0, result.stderr
    return data


def test_calendar_due_prints_the_contract_json_on_a_fresh_database(migrated):
    result = gongkai(migrated, "calendar", "due", "2026-02-10", "5", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "start": "2026-02-10",
        "working_days": 5,
        "due": "2026-02-24",
        "provisional": False,
    }


def test_calendar_due_marks_a_year_without_data_provisional(migrated):
    result = gongkai(migrated, "calendar", "due", "2027-03-01", "10", "--json")
    assert json.loads(result.stdout)["provisional"] is True


def test_audit_verify_exits_non_zero_naming_the_tampered_row(migrated):
    assert gongkai(migrated, "demo", "--no-serve", timeout=300).returncode == 0
    intact = gongkai(migrated, "audit", "verify")
    assert intact.returncode == 0, intact.stderr
    with sqlite3.connect(migrated / "gongkai.sqlite3") as db:
        db.execute("UPDATE core_auditevent SET actor_label = 'mallory' WHERE seq = 7")
    broken = gongkai(migrated, "audit", "verify")
    assert broken.returncode != 0
    assert "第 7 条审计记录" in broken.stderr
    with sqlite3.connect(migrated / "gongkai.sqlite3") as db:
        db.execute("UPDATE core_auditevent SET actor_label = 'system' WHERE seq = 7")
    assert gongkai(migrated, "audit", "verify").returncode == 0


def production_env():
    return {
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_DATA_KEY": secrets.token_urlsafe(32),
        "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn",
    }


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = gongkai(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_about_locally_generated_keys(migrated):
    result = gongkai(migrated, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "gongkai.W001" in result.stdout + result.stderr


def test_migrate_makes_the_local_keys_once_readable_by_their_owner_only(migrated):
    path = migrated / "local-keys.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    written = path.read_text()
    assert gongkai(migrated, "migrate").returncode == 0
    assert path.read_text() == written


def test_a_command_without_keys_says_how_to_make_them_and_writes_nothing(tmp_path):
    result = gongkai(tmp_path, "calendar", "due", "2026-02-10", "5", "--json")
    assert result.returncode == 1
    assert "gongkai migrate" in result.stderr and "GONGKAI_DATA_KEY" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def _load_settings(data_dir, **extra):
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.LOCAL_KEYS_IN_USE)",
        ],
        env=clean_env(data_dir, DJANGO_SETTINGS_MODULE="gongkai.settings", **extra),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_loading_the_settings_writes_no_file(tmp_path):
    """Settings only read the keys: without them loading stops with the message, with them
    (configured, or a local file made before) it goes on; the data directory stays as it was."""
    without = _load_settings(tmp_path)
    assert without.returncode != 0 and "gongkai migrate" in without.stderr
    assert list(tmp_path.iterdir()) == []
    configured = _load_settings(tmp_path, **production_env())
    assert configured.returncode == 0, configured.stderr
    assert configured.stdout.strip() == "False"
    assert list(tmp_path.iterdir()) == []
    keys.ensure_local_keys(tmp_path, environ={})
    local = _load_settings(tmp_path)
    assert local.returncode == 0, local.stderr
    assert local.stdout.strip() == "True"
    assert [p.name for p in tmp_path.iterdir()] == ["local-keys.json"]


def test_check_deploy_warns_in_demo_mode(tmp_path):
    result = gongkai(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        GONGKAI_DEMO="1",
        **production_env(),
    )
    assert "gongkai.W002" in result.stdout + result.stderr
