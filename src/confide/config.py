"""Settings: environment variables prefixed CONFIDE_, then `<home>/confide.toml`, then defaults.

Built once in bootstrap and passed down as plain values; inner layers never import this.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from confide.errors import ConfigurationError

SETTINGS_FILE = "confide.toml"


def default_home() -> Path:
    return Path(os.environ.get("CONFIDE_HOME") or ".confide")


class Settings(BaseSettings):
    """Every field has a help text; docs/settings.md lists them all (a test checks)."""

    model_config = SettingsConfigDict(env_prefix="CONFIDE_", extra="ignore")

    home: Path = Field(
        default_factory=default_home,
        description="Data directory: database, key file and settings file live here.",
    )
    profile: Literal["development", "production"] = Field(
        default="development",
        description="`production` refuses to start with demo data, debug on or insecure cookies.",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL. Empty means SQLite at <home>/confide.db; use "
        "postgresql+psycopg://user@host/db for PostgreSQL.",
    )
    key_file: Path | None = Field(
        default=None, description="Key file (mode 0600). Empty means <home>/keys.json."
    )
    key_passphrase: SecretStr | None = Field(
        default=None, description="Passphrase for a passphrase-protected key file."
    )
    session_idle_timeout_s: int = Field(
        default=15 * 60, ge=60, description="Seconds of inactivity after which a session ends."
    )
    session_lifetime_s: int = Field(
        default=12 * 3600, ge=300, description="Absolute lifetime of a session, in seconds."
    )
    session_touch_interval_s: int = Field(
        default=60,
        ge=0,
        le=300,
        description="Seconds between writes of a session's last-seen time; requests in between "
        "write nothing. Idle logoff can come this much early, never late.",
    )
    session_recheck_s: int = Field(
        default=2,
        ge=0,
        le=30,
        description="Seconds a worker trusts a session it checked before reading it again. "
        "A logout in another worker, a deactivated account or a changed role takes effect "
        "within this time; 0 reads the session on every request.",
    )
    login_max_failures: int = Field(
        default=5, ge=1, description="Failed logins in a row before an account is locked."
    )
    login_lockout_s: int = Field(
        default=15 * 60, ge=1, description="Seconds an account stays locked after failures."
    )
    secure_cookies: bool = Field(
        default=True, description="Mark session cookies Secure (HTTPS only)."
    )
    debug: bool = Field(default=False, description="Verbose errors in logs. Never in production.")
    demo: bool = Field(default=False, description="Set by `serve --demo`: a throwaway home.")
    log_level: str = Field(default="INFO", description="Log level for confide's own loggers.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        home = Path(init_settings().get("home") or default_home())
        toml = TomlConfigSettingsSource(settings_cls, toml_file=home / SETTINGS_FILE)
        return (init_settings, env_settings, toml)

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'confide.db'}"

    @property
    def resolved_key_file(self) -> Path:
        return self.key_file or self.home / "keys.json"

    def check_production(self) -> None:
        """Safe by default, loud when not: refuse unsafe production settings, naming them."""
        if self.profile != "production":
            return
        for name, unsafe in (
            ("demo", self.demo),
            ("debug", self.debug),
            ("secure_cookies", not self.secure_cookies),
        ):
            if unsafe:
                raise ConfigurationError(f"CONFIDE_{name.upper()} is unsafe in production")


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and the home's confide.toml, with explicit overrides."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValueError as exc:
        fields = ", ".join(str(e["loc"][0]) for e in getattr(exc, "errors", list)())
        raise ConfigurationError(f"invalid settings: {fields or 'unknown'}") from None
