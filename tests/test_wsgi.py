"""The server's application: what a process holds once it is loaded is kept out of the
cycle collector."""

import os
import subprocess
import sys
from pathlib import Path


def test_the_loaded_application_is_frozen_out_of_the_cycle_collector(tmp_path):
    env = {**os.environ, "ZHICHENG_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    script = "import gc; import config.wsgi; print(gc.get_freeze_count() > 10_000, gc.isenabled())"

    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])

    assert (run.returncode, run.stdout) == (0, "True True\n"), run.stderr
