"""The command line: options are parsed here and handed to the catalogue and output modules.

Each module holds one group of commands and registers them on the one application when it
is imported; tearlist.cli.commands says which module holds which command, and imports it
only when that command runs (or its help is shown).
"""

from tearlist.cli.application import app

__all__ = ["app"]
