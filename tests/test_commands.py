"""The command-line contract, through the real `gongkai` command on a fresh data directory."""

import json
import secrets
import sqlite3

import pytest

from tests.cli import gongkai


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
    assert gongkai(migrated, "demo", "--no-serve").returncode == 0
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


def test_check_deploy_warns_about_locally_generated_keys(tmp_path):
    result = gongkai(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "gongkai.W001" in result.stdout + result.stderr


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
