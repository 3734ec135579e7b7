"""A component shown on many pages is made once per build for the same arguments, with the same HTML."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader
from markupsafe import escape

from helpers.site import ROOT
from said_and_done.site import components
from said_and_done.site.filters import FILTERS
from said_and_done.site.rendered_once import RenderedOnce


class Spy:
    """A macro that says how often it was made."""

    def __init__(self):
        self.made = []

    def __call__(self, *args):
        self.made.append(args)
        return f"<li>{args!r}</li>"


def test_the_same_arguments_give_the_html_made_the_first_time():
    once, macro = RenderedOnce(), Spy()
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
    once, macro = RenderedOnce(), Spy()
    once(macro, ["a", "list"])
    once(macro, ["a", "list"])
    assert len(macro.made) == 2


def test_no_more_than_the_most_are_kept():
    once, macro = RenderedOnce(most=2), Spy()
    for n in (1, 2, 3, 3, 1):
        once(macro, n)
    # 1 and 2 are kept; 3, arriving when the store was full, is made each time it is asked for.
    assert [args for args in macro.made] == [(1,), (2,), (3,), (3,)]


def theme(once: RenderedOnce):
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)
    env.globals.update(SITEURL="https://register.example", site={}, once=once)
    return env.get_template("components/macros.html").module


def test_the_theme_makes_each_card_once_and_as_it_was_made_every_time(demo_register, monkeypatch):
    kept, fresh = RenderedOnce(), RenderedOnce(most=0)
    made = []
    real = RenderedOnce.__call__

    def counted(self, macro, *args):
        if self is kept and (macro, *args) not in self._made:
            made.append(args)
        return real(self, macro, *args)

    monkeypatch.setattr(RenderedOnce, "__call__", counted)
    with_once, without = theme(kept), theme(fresh)
    cards = [components.consultation_card(c) for c in demo_register.consultations]
    shown = 0
    for heading in ("h2", "h3", "h3"):
        for card in cards:
            for outcome in (True, False):
                html = str(with_once.consultation_card(card, heading, show_outcome=outcome))
                assert html == str(without.consultation_card(card, heading, show_outcome=outcome))
                assert str(escape(card.title)) in html and 'href="https://register.example/' in html
                shown += 1
    assert len(made) == len(cards) * 2 * 2 < shown
