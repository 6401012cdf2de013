"""The quick versions of every benchmark, one after another (``make bench``): the rules, a
small generated city on PostgreSQL, the list pages and the closing day over HTTP against
``zhicheng serve``, the documents, and the audit trail's verification.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zc_bench .venv/bin/python bench/quick.py

The bench database is emptied and regenerated; the server runs on BENCH_PORT (8103) for
the duration of the run and is stopped afterwards.  The full-size commands are in
bench/README.md.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ZHICHENG = str(Path(PYTHON).with_name("zhicheng"))
DATABASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zc_bench")
PORT = int(os.environ.get("BENCH_PORT", "8103"))
URL = f"http://127.0.0.1:{PORT}"
SERVER_LOG = ROOT / "var" / "bench-server.log"
ENVIRONMENT = {**os.environ, "DATABASE_URL": DATABASE,
               # the server refuses the demo's key outside the demo; this one is for the bench only
               "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef")}


def step(*command):
    print("$", " ".join(command[1:] if command[0] == PYTHON else command), flush=True)
    subprocess.run(command, cwd=ROOT, env=ENVIRONMENT, check=True)


def create_database():
    import psycopg

    parsed = urllib.parse.urlsplit(DATABASE)
    name = parsed.path.lstrip("/")
    with psycopg.connect(DATABASE.replace(parsed.path, "/postgres"), autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def wait_for_server(server: subprocess.Popen) -> None:
    """Until the login page answers 200; stops the run if the server fails or errs."""
    for _ in range(60):
        if server.poll() is not None:
            sys.exit(f"the server stopped at start (exit status {server.returncode})")
        try:
            urllib.request.urlopen(URL + "/login/", timeout=5)
            return
        except urllib.error.HTTPError as error:
            sys.exit(f"the server answers the login page with HTTP {error.code}: see {SERVER_LOG}")
        except OSError:
            time.sleep(1)
    sys.exit("the server did not answer within a minute")


def main():
    # stopped from outside, it still stops the server it started (the finally below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            sys.exit(f"port {PORT} is already in use: stop what listens there or set BENCH_PORT")
    step(PYTHON, "bench/bench_rules.py", "--profiles", "10000", "--calendar-ops", "100000")
    create_database()
    step(ZHICHENG, "migrate", "--noinput", "--verbosity", "0")
    step(ZHICHENG, "collectstatic", "--noinput", "--verbosity", "0")  # the server serves the hashed names
    step(PYTHON, "bench/city.py", "--applications", "2000", "--reset")
    step(PYTHON, "bench/closing_day.py", "prepare", "--applicants", "40")
    SERVER_LOG.parent.mkdir(exist_ok=True)
    with SERVER_LOG.open("w") as log:
        server = subprocess.Popen([ZHICHENG, "serve", "--bind", f"127.0.0.1:{PORT}"], cwd=ROOT, env=ENVIRONMENT,
                                  stdout=log, stderr=log, start_new_session=True)
    try:
        wait_for_server(server)
        pid = str(server.pid)
        step(PYTHON, "bench/bench_pages.py", "--url", URL, "--requests", "64", "--connections", "16", "--server-pid", pid)
        step(PYTHON, "bench/closing_day.py", "run", "--url", URL, "--applicants", "40", "--threads", "8", "--server-pid", pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    step(PYTHON, "bench/bench_documents.py", "--applicants", "20")
    step(PYTHON, "bench/bench_audit.py", "verify", "--events", "5000")


if __name__ == "__main__":
    main()
