"""Where a remote store is and how it is reached: credentials come only from the environment and
never show in a repr; URLs that carry credentials are refused."""

from __future__ import annotations

import base64

import httpx
import pytest

from conflictkg.executor.service import BadRequest
from conflictkg.settings import from_environment
from conflictkg.store.remote import RemoteStore

URL = "http://127.0.0.1:7878/query"


def remote(env: dict[str, str], **overrides) -> RemoteStore:
    return RemoteStore.from_settings(from_environment({"endpoint": URL, **overrides}, environ=env))


def test_basic_credentials_from_the_environment_and_never_in_a_repr():
    env = {"CONFLICTKG_REMOTE_USER": "reader", "CONFLICTKG_REMOTE_PASSWORD": "s3cret"}
    settings = from_environment({"endpoint": URL}, environ=env)
    assert "s3cret" not in repr(settings)
    options = RemoteStore.from_settings(settings).client_options()
    sent = next(options["auth"].auth_flow(httpx.Request("GET", URL)))
    assert sent.headers["Authorization"] == "Basic " + base64.b64encode(b"reader:s3cret").decode()


def test_digest_and_token():
    digest = remote({"CONFLICTKG_REMOTE_USER": "dba", "CONFLICTKG_REMOTE_PASSWORD": "x", "CONFLICTKG_REMOTE_AUTH": "digest"})
    assert isinstance(digest.client_options()["auth"], httpx.DigestAuth)
    token = remote({"CONFLICTKG_REMOTE_TOKEN": "t0k"})
    assert token.client_options()["headers"]["Authorization"] == "Bearer t0k"
    assert "t0k" not in repr(from_environment({}, environ={"CONFLICTKG_REMOTE_TOKEN": "t0k"}))


@pytest.mark.parametrize("env,overrides", [
    ({}, {"endpoint": "http://user:pw@127.0.0.1:7878/query"}),
    ({}, {"endpoint": "ftp://127.0.0.1/query"}),
    ({"CONFLICTKG_REMOTE_TOKEN": "t", "CONFLICTKG_REMOTE_USER": "u"}, {}),
    ({"CONFLICTKG_REMOTE_ENGINE": "blazegraph"}, {}),
    ({"CONFLICTKG_REMOTE_AUTH": "ntlm"}, {}),
])
def test_what_is_refused(env, overrides):
    with pytest.raises(BadRequest):
        remote(env, **overrides)


def test_writable_only_with_an_update_or_graph_store_endpoint():
    assert not remote({}).writable
    assert remote({}, gsp_endpoint="http://127.0.0.1:7878/store").writable
