"""The `bcd138` command as a new user runs it, in a separate process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(
    args: list[str], data_dir: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}
    }
    environ.update(BCD138_DATA_DIR=str(data_dir), **env)
    return subprocess.run(  # noqa: S603  (our own command, fixed arguments)
        [sys.executable, "-m", "bcd138", *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=300,
        check=False,
    )


def test_help_lists_the_platform_commands(tmp_path: Path) -> None:
    result = run(["help"], tmp_path)
    assert result.returncode == 0
    for command in ("demo", "serve", "worker", "places"):
        assert command in result.stdout
    demo_help = run(["help", "demo"], tmp_path)
    assert "--reset" in demo_help.stdout
    assert "--port" in demo_help.stdout


def test_demo_prepares_database_and_accounts_and_reuses_them(tmp_path: Path) -> None:
    first = run(["demo", "--no-serve"], tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Demo ready" in first.stdout
    assert (tmp_path / "bcd138.sqlite3").exists()
    accounts = [line for line in first.stdout.splitlines() if "quantri" in line]
    assert accounts, first.stdout
    second = run(["demo", "--no-serve"], tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Loading administrative units" not in second.stdout
    assert [
        line for line in second.stdout.splitlines() if "quantri" in line
    ] == accounts
    reset = run(["demo", "--no-serve", "--reset"], tmp_path)
    assert reset.returncode == 0, reset.stderr
    assert "starting over" in reset.stdout
    assert [line for line in reset.stdout.splitlines() if "quantri" in line] != accounts


def test_serve_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run(["serve"], tmp_path)
    assert result.returncode != 0
    assert "bcd138.E001" in result.stderr


@pytest.mark.parametrize("args", [["worker", "--batch"], ["check"]])
def test_commands_run_cleanly_on_a_migrated_database(
    tmp_path: Path, args: list[str]
) -> None:
    assert run(["migrate", "--verbosity", "0"], tmp_path).returncode == 0
    result = run(args, tmp_path)
    assert result.returncode == 0, result.stderr
