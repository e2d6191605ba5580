from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ghosttab.browser import BrowserNotFound, find_chromium


def _fake_executable(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_env_var_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    chosen = _fake_executable(tmp_path, "my-chrome")
    monkeypatch.setenv("GHOSTTAB_BROWSER", str(chosen))
    assert find_chromium(managed_path="/usr/bin/chromium") == str(chosen)


def test_env_var_pointing_nowhere_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-chrome"
    monkeypatch.setenv("GHOSTTAB_BROWSER", str(missing))
    with pytest.raises(BrowserNotFound) as caught:
        find_chromium()
    assert "GHOSTTAB_BROWSER" in str(caught.value)
    assert str(missing) in str(caught.value)


def test_managed_chromium_before_system(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GHOSTTAB_BROWSER", raising=False)
    managed = _fake_executable(tmp_path, "chrome")
    assert find_chromium(managed_path=str(managed)) == str(managed)


def test_missing_managed_falls_back_to_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GHOSTTAB_BROWSER", raising=False)
    system = _fake_executable(tmp_path, "chromium-browser")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_chromium(managed_path=str(tmp_path / "absent")) == str(system)


def test_headless_prefers_the_headless_shell_and_headed_needs_full_chromium(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("GHOSTTAB_BROWSER", raising=False)
    full = _fake_executable(tmp_path, "chromium")
    shell = _fake_executable(tmp_path, "chromium-headless-shell")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_chromium() == str(shell)
    assert find_chromium(headless=False) == str(full)


def test_nothing_found_tells_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GHOSTTAB_BROWSER", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrowserNotFound) as caught:
        find_chromium()
    message = str(caught.value)
    assert "apt-get install chromium" in message
    assert "GHOSTTAB_BROWSER" in message


def test_real_system_chromium_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GHOSTTAB_BROWSER", raising=False)
    path = find_chromium()
    assert os.access(path, os.X_OK)
    assert "chrom" in Path(path).name
