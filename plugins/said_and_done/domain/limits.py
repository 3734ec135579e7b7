"""Limits on what loading will read, so a file from any partner ends in a clear problem quickly.

Records arrive from many partners. Loading must never hang (a named pipe called x.yaml), crash
(a recursive YAML alias), fill the memory (an alias bomb) or read what it should not (a link to
a file elsewhere). Only ordinary files are read, never through a link; files, strings and
nesting have limits; text may not carry control characters that hide or reorder what readers see.
"""

from __future__ import annotations

import os
import re
import stat

from .problems import Problem

MAX_FILE_BYTES = 1_000_000
MAX_TEXT_CHARS = 20_000
MAX_DEPTH = 50
MAX_ALIAS_VALUES = 10_000
MAX_VALUES = 20_000  # written in one file; a long record has a few hundred

_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)
# Tab and newline are text; every other C0/C1 control, and the invisible marks that reorder
# text right to left (Trojan Source), are not.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMES = {
    "\x00": "null", "\x07": "bell", "\x08": "backspace", "\x0b": "vertical tab", "\x0c": "form feed",
    "\r": "carriage return", "\x1b": "escape", "\x7f": "delete", "\u061c": "Arabic letter mark",
    "\u200e": "left-to-right mark", "\u200f": "right-to-left mark", "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding", "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override", "\u202e": "right-to-left override", "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate", "\u2068": "first strong isolate", "\u2069": "pop directional isolate",
}
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not an ordinary file")


def _file_problem(display: str, message: str) -> Problem:
    return Problem(display, 1, 1, "(file)", message)


def _not_regular(display: str, mode: int) -> Problem:
    return _file_problem(display, f"expected an ordinary file, found {_kind(mode)}; records and write-ups are "
                                  "read only from ordinary files in the project, never through a link: "
                                  "put the file itself here")


def _too_big(display: str, size: int) -> Problem:
    return _file_problem(display, f"expected a file of at most {MAX_FILE_BYTES:,} bytes (1 MB), found {size:,} "
                                  "bytes or more; split it, or link to a long document instead of copying it in")


def read_regular_file(path, display: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of an ordinary file of at most MAX_FILE_BYTES, or the problem that stopped it being read.

    Links (even to a file in the project), pipes, sockets, devices and folders are refused by
    name without being opened; the file is opened without following a link and without waiting,
    and checked again once open, so nothing swapped in after the first look is read either.
    """
    try:
        info = os.lstat(path)
    except OSError as exc:
        return None, [_file_problem(display, f"expected a readable file, found it could not be read ({exc.strerror})")]
    if not stat.S_ISREG(info.st_mode):
        return None, [_not_regular(display, info.st_mode)]
    if info.st_size > MAX_FILE_BYTES:
        return None, [_too_big(display, info.st_size)]
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        return None, [_file_problem(display, f"expected a readable ordinary file, found it could not be opened ({exc.strerror})")]
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, [_not_regular(display, info.st_mode)]
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        return None, [_too_big(display, len(data))]
    return data, []


def is_real_folder(path) -> bool:
    """A folder itself, not a link to one (a link is refused by name when it is read)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def text_problem(text: str) -> str | None:
    """What is wrong with one string from a record, in words for staff; None if nothing."""
    if len(text) > MAX_TEXT_CHARS:
        return (f"expected text of at most {MAX_TEXT_CHARS:,} characters, found {len(text):,}; "
                "shorten it, or link to a longer document")
    return control_problem(text)


def control_problem(text: str) -> str | None:
    """What is wrong with a string holding a control character, in words for staff; None if nothing."""
    found = _CONTROL.search(text)
    return control_message(found.group(), found.start()) if found else None


def control_message(char: str, index: int) -> str:
    return (f"expected text without control characters, found U+{ord(char):04X} "
            f"({_NAMES.get(char, 'a control character')}) at character {index + 1}; "
            "delete it (it often comes in with text pasted from another program, or a YAML escape like \\e)")


def first_control_line(text: str) -> tuple[int, int, str] | None:
    """(line, column, message) of the first control character in a write-up; a carriage return
    (Windows line ends) is allowed there."""
    for found in _CONTROL.finditer(text):
        if found.group() != "\r":
            before = text[: found.start()]
            column = found.start() - (before.rfind("\n") + 1)
            return before.count("\n") + 1, column + 1, control_message(found.group(), column)
    return None


def without_controls(text: str) -> str:
    """The text with each control character replaced, so no later message prints one."""
    return _CONTROL.sub("\ufffd", text)


# What no published file may carry, whatever let it in (a setting, a commit message): C0
# controls but tab, line feed and carriage return, DEL, and C1. XML 1.0 cannot hold them at all.
_UNPUBLISHABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """The text without the control characters no output may carry: the writers' last guard,
    behind the checks that refuse them in records, write-ups, pages and settings."""
    return _UNPUBLISHABLE.sub("", text) if _UNPUBLISHABLE.search(text) else text
