"""Identity numbers are encrypted at rest and found through a keyed hash."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from gongkai.core import actions, crypto, roles
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"  # GB 11643's own example


def make_person():
    return actions.create_user(
        actor=None, username="shiming", password="Gongkai-Demo-2026x", id_number=ID
    )


def raw_id_column(user_pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM core_user WHERE id = %s", [user_pk])
        return cursor.fetchone()[0]


def test_the_database_holds_ciphertext_only():
    user = make_person()
    raw = raw_id_column(user.pk)
    assert raw.startswith("enc1:")
    assert ID not in raw
    assert "19491231" not in raw


def test_the_model_reads_the_plain_value_back():
    user = make_person()
    user.refresh_from_db()
    assert user.id_number == ID


def test_a_person_is_found_by_the_keyed_hash_without_decrypting():
    user = make_person()
    assert list(actions.find_users_by_id_number(ID.lower())) == [user]
    assert user.id_number_index == crypto.lookup_hash(ID)
    assert user.id_number_index != crypto.lookup_hash("110105194912310021")


def test_an_invalid_identity_number_is_refused():
    from gongkai.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as exc:
        actions.create_user(
            actor=None, username="x1", password="Gongkai-Demo-2026x", id_number="110105194912310021"
        )
    assert exc.value.field == "id_number"


def test_revealing_the_number_is_audited_and_limited_to_the_security_admin(county):
    person = make_person()
    with pytest.raises(PermissionDenied):
        actions.reveal_id_number(actor=county.user["editor"], user=person)
    assert AuditEvent.objects.filter(
        action="pii.reveal", success=False, actor=county.user["editor"]
    ).exists()
    security = county.user["supervisor"]
    actions.assign_role(
        actor=None, user=security, department=county.dept["XXZX"], role=roles.SECURITY_ADMIN
    )
    assert actions.reveal_id_number(actor=security, user=person) == ID
    assert AuditEvent.objects.filter(action="pii.reveal", success=True, actor=security).exists()


def test_another_key_cannot_decrypt(settings):
    token = crypto.encrypt(ID)
    settings.GONGKAI_DATA_KEY = "another-key-entirely"
    with pytest.raises(ValueError, match="cannot decrypt"):
        crypto.decrypt(token)


# ---------------------------------------------------------------- the keys themselves


def test_local_keys_are_made_once_readable_by_their_owner_only(tmp_path):
    import stat

    from gongkai.core import keys

    made = keys.ensure_local_keys(tmp_path / "var", environ={})
    assert made == tmp_path / "var" / "local-keys.json"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    written = made.read_text()
    # never replaced: what was encrypted with the data key stays readable
    assert keys.ensure_local_keys(tmp_path / "var", environ={}) is None
    assert made.read_text() == written
    assert [p.name for p in (tmp_path / "var").iterdir()] == ["local-keys.json"]
    secret, data, local = keys.installation_keys(tmp_path / "var", environ={})
    assert local and secret and data and data != secret


def test_configured_keys_make_no_file_and_win_over_local_ones(tmp_path):
    from gongkai.core import keys

    configured = {"GONGKAI_SECRET_KEY": "s" * 50, "GONGKAI_DATA_KEY": "d" * 32}
    assert keys.ensure_local_keys(tmp_path, environ=configured) is None
    assert list(tmp_path.iterdir()) == []
    assert keys.installation_keys(tmp_path, environ=configured) == ("s" * 50, "d" * 32, False)
    keys.ensure_local_keys(tmp_path, environ={})
    _secret, local_data, _local = keys.installation_keys(tmp_path, environ={})
    # one of the two configured: the other comes from the local file, which is then in use
    only_secret = {"GONGKAI_SECRET_KEY": "s" * 50}
    assert keys.installation_keys(tmp_path, environ=only_secret) == ("s" * 50, local_data, True)


def test_no_keys_is_an_error_that_says_what_to_do(tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    from gongkai.core import keys

    with pytest.raises(ImproperlyConfigured, match="gongkai migrate") as exc:
        keys.installation_keys(tmp_path, environ={})
    assert "GONGKAI_DATA_KEY" in str(exc.value) and isinstance(exc.value, keys.MissingKeys)
    assert list(tmp_path.iterdir()) == []
