"""The rules compiled ahead of time run only while they are their sources: a compiled module
whose source has changed since (an edit not yet compiled) is refused when the package is
imported, never run in the source's place; without a compiled build the sources run."""

import hashlib
import json

import pytest

import zhicheng.rules
from zhicheng.rules import _refuse_stale_compiled_modules


def package(tmp_path, *, source="def f(): return 1\n", compiled_from=None, manifest=True, built=True):
    (tmp_path / "checks.py").write_text(source)
    if built:
        (tmp_path / "checks.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    if manifest:
        digest = hashlib.sha256((compiled_from or source).encode()).hexdigest()
        (tmp_path / "compiled.json").write_text(json.dumps({"checks": digest}))
    return tmp_path


def test_a_compiled_module_of_its_current_source_is_taken(tmp_path):
    assert _refuse_stale_compiled_modules(package(tmp_path)) is None


def test_a_compiled_module_older_than_its_source_is_refused(tmp_path):
    edited = package(tmp_path, source="def f(): return 2\n", compiled_from="def f(): return 1\n")

    with pytest.raises(ImportError, match="the compiled checks predate their sources; run `make compiled-rules`"):
        _refuse_stale_compiled_modules(edited)


def test_compiled_modules_without_their_record_are_refused(tmp_path):
    with pytest.raises(ImportError, match="compiled modules without compiled.json"):
        _refuse_stale_compiled_modules(package(tmp_path, manifest=False))


def test_without_a_compiled_build_the_sources_run(tmp_path):
    assert _refuse_stale_compiled_modules(package(tmp_path, manifest=False, built=False)) is None


def test_this_checkout_passes_its_own_check():
    """The package imported for the suite passed the check (compiled or not)."""
    assert _refuse_stale_compiled_modules() is None
    assert zhicheng.rules.precheck is not None
