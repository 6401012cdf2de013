"""Compile the rules engine ahead of time (规则层预编译): ``make compiled-rules``.

The modules of ``zhicheng/rules`` that every precheck runs through are compiled with mypyc,
whose code follows their types (which the suite checks, ``tests/rules/test_rules_types.py``),
into extension modules beside their sources; Python imports those in their place. The
sources' hashes are written to ``zhicheng/rules/compiled.json``: a compiled module whose
source has changed since is refused when the package is imported (see
``zhicheng/rules/__init__.py``), never run in the source's place. Without a compiled build
the sources run as they are, with the same answers, more slowly.

Run as a script (``python compile_rules.py``), not through the package it builds.
"""

import hashlib
import json
import os
from pathlib import Path

from mypyc.build import mypycify
from setuptools import setup

ROOT = Path(__file__).resolve().parent
RULES = ROOT / "zhicheng" / "rules"
# the package's entry and the modules that only hold data or errors stay as they are
COMPILED = ("_input", "catalogue", "checks", "conditions", "dates", "deadlines", "earliest", "eligibility",
            "evaluation", "jurisdiction", "request", "retirement")
MANIFEST = RULES / "compiled.json"


def source_hashes() -> dict[str, str]:
    return {name: hashlib.sha256((RULES / f"{name}.py").read_bytes()).hexdigest() for name in COMPILED}


def main() -> None:
    os.chdir(ROOT)  # where the type checker's settings are (pyproject.toml)
    MANIFEST.unlink(missing_ok=True)
    setup(
        name="zhicheng-rules-compiled",
        ext_modules=mypycify([str(RULES / f"{name}.py") for name in COMPILED], opt_level="3",
                             group_name="zhicheng.rules.compiled", verbose=False),
        script_args=["--quiet", "build_ext", "--inplace", "--build-temp", str(ROOT / "build" / "rules")],
    )
    MANIFEST.write_text(json.dumps(source_hashes(), indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
