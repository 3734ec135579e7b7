"""A component shown on many pages is made once per build for the same arguments (the theme's use:
tests/test_components.py, test_consultation_card_html_*)."""

from __future__ import annotations

from said_and_done.site.rendered_once import RenderedOnce


class Context:
    """What a template gives once(...): a context that calls the macro."""

    def call(self, macro, *args):
        return macro(*args)


class Spy:
    """A macro that says how often it was made."""

    def __init__(self):
        self.made = []

    def __call__(self, *args):
        self.made.append(args)
        return f"<li>{args!r}</li>"


class Made(RenderedOnce):
    def __call__(self, macro, *args):
        return super().__call__(Context(), macro, *args)


def test_the_same_arguments_give_the_html_made_the_first_time():
    once, macro = Made(), Spy()
    first = once(macro, ("card", 1), "h3")
    assert once(macro, ("card", 1), "h3") == first
    assert len(macro.made) == 1
    once(macro, ("card", 1), "h2")
    once(macro, ("card", 2), "h3")
    assert len(macro.made) == 3
    # Another macro with the same arguments is another component.
    other = Spy()
    once(other, ("card", 1), "h3")
    assert len(other.made) == 1


def test_arguments_that_cannot_be_compared_are_made_every_time():
    once, macro = Made(), Spy()
    once(macro, ["a", "list"])
    once(macro, ["a", "list"])
    assert len(macro.made) == 2


def test_no_more_than_the_most_are_kept():
    once, macro = Made(most=2), Spy()
    for n in (1, 2, 3, 3, 1):
        once(macro, n)
    # 1 and 2 are kept; 3, arriving when the store was full, is made each time it is asked for.
    assert [args for args in macro.made] == [(1,), (2,), (3,), (3,)]
