"""Running the real `gongkai` command in a fresh data directory, as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GONGKAI = [sys.executable, "-m", "gongkai"]


def clean_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DJANGO_"))}
    env.update({"GONGKAI_DATA_DIR": str(data_dir), **extra})
    return env


def gongkai(
    data_dir: Path, *args: str, timeout: int = 120, **extra: str
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*GONGKAI, *args],
        env=clean_env(data_dir, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
