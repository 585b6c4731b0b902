"""After `./run demo`, every `suara <verb>` runs with the demo's own secret key; without one, a clear
message instead of a traceback."""

import os
import subprocess
import sys

import pytest


def suara(var_dir, *args, key: str | None = None):
    env = {k: v for k, v in os.environ.items() if k not in ("SUARA_SECRET_KEY", "SUARA_TESTING", "SUARA_DEBUG")}
    env |= {"SUARA_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "suara.settings"}
    if key is not None:
        env["SUARA_SECRET_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "suara.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("verb", [["check"], ["audit", "verify", "--help"]])
def test_a_verb_after_the_demo_uses_the_demos_key(tmp_path, verb):
    (tmp_path / "secret_key").write_text("k" * 50)
    result = suara(tmp_path, *verb)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_without_any_key_the_operator_is_told_what_to_set(tmp_path):
    result = suara(tmp_path, "check")
    assert result.returncode == 2
    assert "SUARA_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "secret_key").exists()  # only demo and serve make one
