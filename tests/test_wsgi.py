"""The server's application: what a process builds on its first pages is built when it is
loaded, and all it holds then is kept out of the cycle collector."""

import os
import subprocess
import sys
from pathlib import Path


def test_the_loaded_application_has_its_templates_and_is_frozen_out_of_the_cycle_collector(tmp_path):
    env = {**os.environ, "ZHICHENG_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    script = ("import gc; import config.wsgi; from django.template import engines;"
              " compiled = engines['django'].engine.template_loaders[0].get_template_cache;"
              " print(gc.get_freeze_count() > 10_000, gc.isenabled(), {'web/base.html', 'web/application.html'} <= set(compiled))")

    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])

    assert (run.returncode, run.stdout) == (0, "True True True\n"), run.stderr
