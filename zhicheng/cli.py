"""The `zhicheng` command: every shell task of the system, one entry point.

`zhicheng COMMAND [ARGS]` runs the Django management command of that name (a hyphen
may stand for an underscore: `zhicheng load-demo`), so `zhicheng migrate`,
`zhicheng load-demo`, `zhicheng serve`, `zhicheng createsuperuser` all work from any
directory once the package is installed.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "zhicheng"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
