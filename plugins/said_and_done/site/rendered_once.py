"""A component's HTML made once per build for each value it shows, however many pages show it.

A consultation's card is on the home page, the register, the results list and each of its
places', topics' and organisations' pages; an action's item on each of those subjects'
pages. At 1,000 records the cards alone were made about 28,000 times, for about 3,000
different cards. The theme wraps such a component's macro: `once(card, c, ...)` gives the
HTML made the first time for the same macro and arguments.

The HTML of a component depends only on its arguments and on what is the same for the
whole build (SITEURL, the shared context: plugin.share_build_values), and its arguments
are frozen view models (site/components.py), compared by value. A macro is known by the object
Jinja made for it: one per build for a component imported without context, as the theme's
pages import them; imported `with context`, it is a new object on every page (its HTML may
depend on the page), so nothing is kept for it. One RenderedOnce is made
for each Jinja environment, and each build makes its environments afresh, so nothing is
kept from one build to the next. Arguments that cannot be hashed are rendered every time.
"""

from __future__ import annotations

from jinja2 import pass_context

# About 1 to 2 KB each: at 100,000 records the cards of one process stay under 40 MB.
MOST_KEPT = 20_000


class RenderedOnce:
    def __init__(self, most: int = MOST_KEPT):
        self.most = most
        self._made: dict = {}

    @pass_context
    def __call__(self, context, macro, *args):
        key = (macro, *args)
        try:
            found = self._made.get(key)
        except TypeError:  # a list among the arguments: nothing to compare it by
            return context.call(macro, *args)
        if found is None:
            # Through the page's context, as the template would call it (the tests watch these calls).
            found = context.call(macro, *args)
            if len(self._made) < self.most:
                self._made[key] = found
        return found
