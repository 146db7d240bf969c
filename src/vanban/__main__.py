"""``python -m vanban``: the ``vanban`` command, for when its script is not on the PATH."""

from .cli import run

run()
