"""The command line: options are parsed here and handed to the catalogue and output modules.

Each module holds one group of commands and registers them on the one application; the
order of the imports is the order of the commands in --help.
"""

from tearlist.cli import browse, choose, config, diary, files, own, topics
from tearlist.cli.base import app

__all__ = ["app", "browse", "choose", "config", "diary", "files", "own", "topics"]
