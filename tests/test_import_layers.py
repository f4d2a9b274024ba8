"""The apps import only down the chain the README's layout draws.

This runs `make lint`'s import-linter contracts (pyproject.toml,
`[tool.importlinter]`) inside the test suite, so that `make test` and CI
fail on an import up the chain, not only a developer who runs `make lint`.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_app_imports_an_app_above_it():
    result = subprocess.run(
        [Path(sys.executable).with_name("lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Contracts: 2 kept, 0 broken." in result.stdout, result.stdout + result.stderr
