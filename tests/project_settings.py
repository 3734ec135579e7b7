"""bench/build.py imports write_settings from here (it puts tests/ on sys.path); the module
itself is now helpers/project_settings.py. Delete this file once bench imports
`helpers.project_settings` instead."""

from helpers.project_settings import write_settings

__all__ = ["write_settings"]
