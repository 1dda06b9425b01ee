"""The `gongkai` console command: Django's management commands under the project's name."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    if len(argv) > 1 and argv[1] == "demo":
        # Demo mode must be known before settings load: it turns 2FA off and says so.
        os.environ["GONGKAI_DEMO"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
