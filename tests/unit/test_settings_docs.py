"""Every setting is documented, and production refuses unsafe ones by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from confide.config import Settings, load_settings
from confide.errors import ConfigurationError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_every_setting_has_help_and_a_line_in_the_docs() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        assert field.description, name
        assert f"`CONFIDE_{name.upper()}`" in text, name


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"demo": True}, "DEMO"),
        ({"debug": True}, "DEBUG"),
        ({"secure_cookies": False}, "SECURE_COOKIES"),
    ],
)
def test_production_refuses_unsafe_settings_by_name(
    overrides: dict[str, object], named: str, tmp_path: Path
) -> None:
    settings = load_settings(home=tmp_path, profile="production", **overrides)
    with pytest.raises(ConfigurationError, match=named):
        settings.check_production()


def test_settings_file_in_home_is_read(tmp_path: Path) -> None:
    (tmp_path / "confide.toml").write_text("session_idle_timeout_s = 600\n")
    assert load_settings(home=tmp_path).session_idle_timeout_s == 600


def test_invalid_setting_is_named_not_quoted(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="session_idle_timeout_s"):
        load_settings(home=tmp_path, session_idle_timeout_s=1)
