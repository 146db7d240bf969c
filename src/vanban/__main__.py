"""The ``vanban`` script and ``python -m vanban``: the command line's :func:`vanban.cli.run`, with
the garbage collector set for a command first (``base/collector.py``: before the command line's
modules are imported, which is when it costs)."""

from .base.collector import for_a_command


def run() -> None:
    """The ``vanban`` script (pyproject.toml's entry point)."""
    for_a_command()
    from .cli import run as run_command

    run_command()


if __name__ == "__main__":
    run()
