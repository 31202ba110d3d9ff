"""Headquarters mode's server settings (config/gunicorn.conf.py, run by `make serve`)."""

import importlib.util
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parent.parent / "config" / "gunicorn.conf.py"


def load_conf(monkeypatch, **env):
    for name in ("WORKERS", "THREADS", "HOST", "PORT", "BEHIND_TLS_PROXY", "TRUSTED_PROXY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gunicorn_conf", CONF)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seen_address(conf, environ: dict) -> str:
    seen = {}

    def application(environ, start_response):
        seen["address"] = environ["REMOTE_ADDR"]
        return []

    class Worker:
        wsgi = application

    conf.post_worker_init(Worker)
    Worker.wsgi(environ, None)
    return seen["address"]


def test_several_processes_by_default_and_as_set(monkeypatch):
    assert load_conf(monkeypatch).workers >= 2
    conf = load_conf(monkeypatch, WORKERS="5", THREADS="2", HOST="127.0.0.1", PORT="8123")
    assert (conf.workers, conf.threads, conf.bind) == (5, 2, "127.0.0.1:8123")


@pytest.mark.parametrize(
    ("remote", "expected"),
    [("127.0.0.1", "10.20.30.40"), ("10.9.9.9", "10.9.9.9")],
)
def test_behind_the_proxy_the_client_address_comes_only_from_the_proxy(
    monkeypatch, remote, expected
):
    """The sign-in lock-out counts failures per client: the proxy's X-Forwarded-For names the
    client; the same header sent by anyone else is ignored."""
    conf = load_conf(monkeypatch, BEHIND_TLS_PROXY="true", TRUSTED_PROXY="127.0.0.1")
    environ = {"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 10.20.30.40"}
    assert seen_address(conf, environ) == expected
    assert conf.forwarded_allow_ips == "127.0.0.1"


def test_without_a_proxy_forwarded_headers_are_not_trusted(monkeypatch):
    conf = load_conf(monkeypatch, BEHIND_TLS_PROXY="false")
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.20.30.40"}
    assert seen_address(conf, environ) == "127.0.0.1"
    assert conf.forwarded_allow_ips == ""
