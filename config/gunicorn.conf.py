"""Gunicorn settings of headquarters mode (`make serve` runs scripts/serve.sh; see
docs/deployment.md). Every value comes from the environment or `.env`, like the settings.

Several processes, each with a few threads: Python runs one thread of a process at a time
(the GIL), so a single server process uses one core however many threads it has. On a 2-core
server one waitress process served 8.8 requests a second in the load test; `WORKERS`
processes use every core. Each process keeps its own connections to PostgreSQL
(`CONN_MAX_AGE`), its own cache and runs its own background jobs (`kythuat.jobs.runners` lets
the others see their progress).
"""

import os


def _flag(name: str) -> bool:
    return os.environ.get(name, "false").lower() in ("1", "true", "yes", "on")


bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
workers = int(os.environ.get("WORKERS") or len(os.sched_getaffinity(0)) + 1)
worker_class = "gthread"  # threads answer while another waits for the database
threads = int(os.environ.get("THREADS") or 4)
# A process that has not checked in for this long is restarted. Long work (an export over
# 5,000 items, a Word report) runs as a background job, never in a request.
timeout = 120
graceful_timeout = 60  # a stop lets running requests (and jobs, up to this) finish
keepalive = 5
errorlog = "-"  # journald, with the application's own log
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
accesslog = None
control_socket_disable = True  # no `gunicornc` socket in the service user's home

# Behind a TLS proxy (BEHIND_TLS_PROXY=true), only TRUSTED_PROXY may tell the client's scheme
# and address: Django reads X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER), and the client's
# address becomes REMOTE_ADDR (as waitress's --trusted-proxy-headers does), so the sign-in
# lock-out counts failures per client, not per proxy.
TRUSTED_PROXY = os.environ.get("TRUSTED_PROXY", "127.0.0.1")
forwarded_allow_ips = TRUSTED_PROXY if _flag("BEHIND_TLS_PROXY") else ""


def forwarded_for(application, trusted: str):
    """The WSGI application with REMOTE_ADDR taken from the last X-Forwarded-For entry (the
    one the proxy added) when the request comes from the trusted proxy."""

    def app(environ, start_response):
        forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded and environ.get("REMOTE_ADDR") == trusted:
            environ["REMOTE_ADDR"] = forwarded.rsplit(",", 1)[-1].strip()
        return application(environ, start_response)

    return app


def post_worker_init(worker) -> None:
    if _flag("BEHIND_TLS_PROXY"):
        worker.wsgi = forwarded_for(worker.wsgi, TRUSTED_PROXY)
