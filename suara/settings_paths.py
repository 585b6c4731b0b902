"""Paths that must be known before Django's settings load (the CLI needs them)."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def var_dir() -> Path:
    return Path(os.environ.get("SUARA_VAR_DIR", PROJECT_DIR / "var"))
