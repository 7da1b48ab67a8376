import os
import stat

from madang import config


def test_generated_keys_are_written_once_with_owner_only_access(tmp_path, monkeypatch):
    monkeypatch.setenv("MADANG_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("MADANG_PSEUDONYM_KEY", raising=False)
    first = config.key_from_env_or_file("MADANG_PSEUDONYM_KEY", "pseudonym_key")
    second = config.key_from_env_or_file("MADANG_PSEUDONYM_KEY", "pseudonym_key")
    assert first == second
    assert len(first) >= 64
    mode = stat.S_IMODE(os.stat(tmp_path / "pseudonym_key").st_mode)
    assert mode == 0o600


def test_a_key_in_the_environment_wins_and_writes_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv("MADANG_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("MADANG_SECRET_KEY", "from-the-environment")
    assert config.key_from_env_or_file("MADANG_SECRET_KEY", "secret_key") == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_sqlite_urls_resolve_against_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert config.sqlite_path("sqlite:///var/db.sqlite3") == str(tmp_path / "var" / "db.sqlite3")
    absolute = tmp_path / "elsewhere" / "db.sqlite3"
    assert config.sqlite_path(f"sqlite:///{absolute}") == str(absolute)  # four slashes: absolute
    assert config.sqlite_path("postgres://x/y") is None


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    assert config.env_bool("X_FLAG") is True
    assert config.env_bool("X_MISSING", True) is True
    assert config.env_list("X_LIST", []) == ["a.example", "b.example"]


def test_pseudonym_key_is_not_in_the_database(db, django_db_setup):
    from django.conf import settings
    from django.db import connection

    key = settings.MADANG_PSEUDONYM_KEY
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                assert key not in " ".join(str(value) for value in row)


def test_email_url_chooses_the_mail_backend():
    assert str(config.email_settings("")["EMAIL_BACKEND"]).endswith("console.EmailBackend")
    smtp = config.email_settings(
        "smtp://me%40x:p%2Fw@mail.example.com:2525/?tls=1&from=a@x.example"
    )
    assert str(smtp["EMAIL_BACKEND"]).endswith("smtp.EmailBackend")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"]) == ("mail.example.com", 2525)
    assert (smtp["EMAIL_HOST_USER"], smtp["EMAIL_HOST_PASSWORD"]) == ("me@x", "p/w")
    assert smtp["EMAIL_USE_TLS"] is True and smtp["EMAIL_USE_SSL"] is False
    assert smtp["DEFAULT_FROM_EMAIL"] == "a@x.example"
    assert config.email_settings("smtps://mail.example.com")["EMAIL_PORT"] == 465
