"""Settings are read once from the environment and flags."""

from pathlib import Path

import pytest

from conflictkg.settings import Settings, from_environment


def test_environment_then_flags():
    env = {"CONFLICTKG_QUERY_TIMEOUT": "5", "CONFLICTKG_UPDATE_TOKEN": "s3cret", "CONFLICTKG_DATA": "/tmp",
           "CONFLICTKG_ALLOW_SERVICE": "http://a/sparql, http://b/sparql", "CONFLICTKG_SERVE_ARTICLE_BODIES": "no"}
    s = from_environment({"port": 9000, "update_token": None}, environ=env)
    assert s.query_timeout == 5.0
    assert s.update_token == "s3cret"
    assert s.port == 9000
    assert s.data_root == Path("/tmp").resolve()
    assert s.allow_service == ("http://a/sparql", "http://b/sparql")
    assert s.serve_article_bodies is False
    assert s.resolved_store_path == Path("/tmp").resolve() / ".conflictkg" / "store"


def test_bad_values_name_the_variable():
    with pytest.raises(ValueError, match="CONFLICTKG_PORT"):
        from_environment(environ={"CONFLICTKG_PORT": "eighty"})


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        Settings().port = 1  # type: ignore[misc]
