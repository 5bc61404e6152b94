"""Settings, read once at the edge (command-line flags and CONFLICTKG_* environment variables)
into one frozen object that is passed down. Nothing below the CLI reads the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from .namespaces import BASE


@dataclass(frozen=True)
class Settings:
    data_root: Path = field(default_factory=Path.cwd)
    store_path: Path | None = None  # None: <data_root>/.conflictkg/store
    host: str = "127.0.0.1"
    port: int = 8000
    base_iri: str = BASE  # the IRIs the server answers for (mapped onto its own routes)
    endpoint: str | None = None  # a remote SPARQL query endpoint instead of the embedded store
    update_endpoint: str | None = None
    gsp_endpoint: str | None = None
    # credentials for the remote store: only ever from the environment (CONFLICTKG_REMOTE_USER /
    # _PASSWORD for HTTP Basic, or CONFLICTKG_REMOTE_TOKEN for a Bearer token), never from flags
    remote_user: str | None = None
    remote_password: str | None = field(default=None, repr=False)
    remote_token: str | None = field(default=None, repr=False)
    remote_auth: str = "basic"  # basic | digest (Virtuoso's /sparql-auth): how remote_user / _password are sent
    remote_engine: str = "auto"  # oxigraph | fuseki | virtuoso | graphdb | generic; auto: from the Server header
    update_token: str | None = None  # None: updates and Graph Store writes are off
    query_timeout: float = 30.0  # seconds; a request may ask for less, never more
    max_body_bytes: int = 10 * 1024 * 1024
    max_result_rows: int = 100_000
    query_workers: int = 2  # queries evaluated at once, each in its own killable worker process
    spill_bytes: int = 16 * 1024 * 1024  # answers larger than this go through a temporary file
    spill_dir: str | None = None  # where answers and start-up snapshots spill; None: the system's temp
    max_queued_queries: int = 16
    queries_dir: str | None = None  # the named queries served at /queries; None: the package's queries/
    serve_article_bodies: bool = True  # off when the articles' rights do not allow republishing
    allow_service: tuple[str, ...] = ()  # SERVICE endpoints allowed; empty: federation is off
    allow_load: tuple[str, ...] = ()  # URLs SPARQL Update may LOAD from; empty: LOAD is off
    access_log: str | None = None  # JSON-lines access log: a file path, or "-" for stderr; None: off
    tile_url: str | None = None  # a map tile URL template; None: the shipped base layer only

    @property
    def resolved_store_path(self) -> Path:
        return self.store_path or (self.data_root / ".conflictkg" / "store")


_ENV_PREFIX = "CONFLICTKG_"


def _convert(name: str, raw: str, default):
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, tuple):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if name in ("data_root", "store_path"):
        return Path(raw)
    return raw


def from_environment(overrides: dict | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Settings from ``CONFLICTKG_<FIELD>`` variables, then non-None ``overrides`` (CLI flags).
    ``CONFLICTKG_DATA`` is accepted for ``data_root``, as DESIGN.md documents."""
    env = os.environ if environ is None else environ
    defaults = Settings()
    values: dict = {}
    for f in fields(Settings):
        key = _ENV_PREFIX + ("DATA" if f.name == "data_root" else f.name.upper())
        if key in env and env[key] != "":
            try:
                values[f.name] = _convert(f.name, env[key], getattr(defaults, f.name))
            except ValueError:
                raise ValueError(f"{key}={env[key]!r} is not a valid value for {f.name}") from None
    for name, value in (overrides or {}).items():
        if value is not None:
            values[name] = Path(value) if name in ("data_root", "store_path") else value
    settings = Settings(**values)
    return Settings(**{**settings.__dict__, "data_root": Path(settings.data_root).resolve()})
