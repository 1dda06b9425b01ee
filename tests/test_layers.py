"""The layers hold: core <- domains <- shells, checked on the code itself.

import-linter (the `layers` contract in pyproject.toml) runs in `make lint`; these tests
show that it would catch a violation, and check what it cannot see: templates, URL names
and words in the kernel.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "gongkai"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
DOMAINS = ("publishing", "disclosure", "search", "services", "letters", "records")
SHELLS = ("portal", "workbench", "demo", "api")


def _lint_imports(src_root: Path) -> subprocess.CompletedProcess:
    """Run the project's contracts against the package found under `src_root`."""
    env = {**os.environ, "PYTHONPATH": str(src_root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=src_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_contracts_hold_on_the_code():
    result = _lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_domain_importing_a_shell_breaks_the_contracts(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(SRC, copy / "gongkai", ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    # A lazy import inside a function counts as much as one at the top.
    (copy / "gongkai" / "publishing" / "violation.py").write_text(
        "def f():\n    from gongkai.workbench import views\n\n    return views\n"
    )
    result = _lint_imports(copy)
    assert result.returncode != 0
    assert "gongkai.publishing.violation -> gongkai.workbench.views" in result.stdout


def test_a_domain_importing_another_domain_breaks_the_contracts(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(SRC, copy / "gongkai", ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    (copy / "gongkai" / "disclosure" / "violation.py").write_text(
        "from gongkai.publishing.models import Item  # noqa: F401\n"
    )
    result = _lint_imports(copy)
    assert result.returncode != 0
    assert "gongkai.disclosure is not allowed to import gongkai.publishing" in result.stdout


def _kernel_files():
    for path in sorted((SRC / "core").rglob("*")):
        if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts:
            yield path


def test_no_file_of_the_kernel_names_a_domain_or_a_shell():
    names = "|".join(DOMAINS + SHELLS)
    patterns = [
        re.compile(rf"gongkai\.({names})\b"),  # imports, dotted paths
        re.compile(rf"['\"]({names}):"),  # URL names
        re.compile(r"/(workbench|ysqgk|xxgk)/"),  # their addresses
        re.compile(r"\b(workbench|portal|publishing|disclosure)\b", re.IGNORECASE),
    ]
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _kernel_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(pattern.search(line) for pattern in patterns)
    ]
    assert found == []


def test_no_domain_template_extends_or_includes_a_shell_template():
    shells = "|".join(SHELLS)
    shell_template = re.compile(r"{%\s*(extends|include)\s+['\"](" + shells + r")/")
    found = []
    for domain in DOMAINS:
        for path in sorted((SRC / domain).rglob("*.html")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if shell_template.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_no_domain_names_a_shell_url():
    shell_url = re.compile(r"['\"](workbench|portal|demo|api):[a-z_]+['\"]")
    found = []
    for domain in DOMAINS:
        for path in sorted((SRC / domain).rglob("*")):
            if path.suffix not in {".py", ".html"} or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if shell_url.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
