"""The rules package states its types exactly: every value the rules guarantee — a required
field read is never None, a route's own rule is in force where the route is asked for, a basis
exists where its years are met — is typed so, and the type checker finds nothing in it. What
the rules rule out is narrowed where it is read, never left to luck; a build of the rules
compiled ahead of time would check these types as it runs."""

from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[2]


def test_the_rules_package_type_checks(tmp_path):
    report, errors, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path),
                                      str(ROOT / "zhicheng" / "rules")])

    assert status == 0, report + errors
    assert "Success: no issues found" in report
