"""The `gongkai` console command: Django's management commands under the project's name."""

from __future__ import annotations

import os
import sys

# The commands that make the keys of a machine without configured ones (core.keys), before
# settings read them: the first run of a demo or a development copy.
MAKES_LOCAL_KEYS = {"migrate", "demo", "runserver"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    command = argv[1] if len(argv) > 1 else ""
    if command == "demo":
        # Demo mode must be known before settings load: it turns 2FA off and says so.
        os.environ["GONGKAI_DEMO"] = "1"
    from gongkai.core import keys

    if command in MAKES_LOCAL_KEYS:
        keys.ensure_local_keys(keys.data_dir())
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except keys.MissingKeys as exc:
        sys.exit(f"gongkai: {exc}")


if __name__ == "__main__":
    main()
