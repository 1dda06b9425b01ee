"""The installation's two keys: Django's SECRET_KEY and GONGKAI_DATA_KEY (core.crypto).

In production both come from the environment (GONGKAI_SECRET_KEY, GONGKAI_DATA_KEY). A
machine without them (the demo, development) uses keys generated once into
DATA_DIR/local-keys.json by `gongkai migrate`, `gongkai demo` or `gongkai runserver`
(`ensure_local_keys`, called by the command line before settings load). Settings only read
them (`installation_keys`): importing settings writes nothing, and without keys it stops
with `MissingKeys`, never with made-up ones, since what is encrypted with a key that is not
kept cannot be read again. `gongkai check --deploy` warns while the local keys are in use
(core.checks).

Nothing here imports Django's settings: settings import this.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

LOCAL_KEYS_FILE = "local-keys.json"
SECRET_KEY_ENV = "GONGKAI_SECRET_KEY"
DATA_KEY_ENV = "GONGKAI_DATA_KEY"


class MissingKeys(ImproperlyConfigured):
    """Neither the environment nor DATA_DIR/local-keys.json gives the keys."""


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """GONGKAI_DATA_DIR, or ./var: where the database, files, queue and local keys live."""
    return Path(environ.get("GONGKAI_DATA_DIR") or Path.cwd() / "var").resolve()


def _configured(environ: Mapping[str, str]) -> bool:
    return bool(environ.get(SECRET_KEY_ENV) and environ.get(DATA_KEY_ENV))


def ensure_local_keys(directory: Path, environ: Mapping[str, str] = os.environ) -> Path | None:
    """Generate the local keys into `directory`/local-keys.json unless both keys are in the
    environment or the file exists; the path written, or None. The file is created readable
    by its owner only and never replaced: a data key once used must stay."""
    path = directory / LOCAL_KEYS_FILE
    if _configured(environ) or path.exists():
        return None
    directory.mkdir(parents=True, exist_ok=True)
    keys = {"secret_key": secrets.token_urlsafe(50), "data_key": secrets.token_urlsafe(32)}
    # Written in full under another name, then linked: another process sees the whole file
    # or none, and a file another process made meanwhile wins (link refuses to replace it).
    temporary = directory / f".{LOCAL_KEYS_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as file:
            json.dump(keys, file)
        os.link(temporary, path)
    except FileExistsError:
        return None
    finally:
        temporary.unlink()
    return path


def installation_keys(
    directory: Path, environ: Mapping[str, str] = os.environ
) -> tuple[str, str, bool]:
    """(secret key, data key, whether local keys are in use): each from the environment, else
    from `directory`/local-keys.json, which this only reads. Raises MissingKeys when the
    environment does not give both and the file does not exist."""
    secret, data = environ.get(SECRET_KEY_ENV, ""), environ.get(DATA_KEY_ENV, "")
    if secret and data:
        return secret, data, False
    path = directory / LOCAL_KEYS_FILE
    try:
        local = json.loads(path.read_text())
    except FileNotFoundError:
        raise MissingKeys(
            f"没有密钥：未设置环境变量 {SECRET_KEY_ENV} 和 {DATA_KEY_ENV}，{path} 也不存在。"
            "演示或开发环境请先运行 `gongkai migrate`（或 `gongkai demo`），它会在本机生成密钥；"
            "生产环境请从密钥管理处设置这两个环境变量。"
        ) from None
    return secret or local["secret_key"], data or local["data_key"], True
