"""Checks axe cannot make alone, run in the page by the browser that renders it.

- reflow (WCAG 1.4.10): at 320 CSS px wide nothing makes the page scroll sideways;
- focus visible (2.4.7) and not obscured (2.4.11): tabbing reaches every interactive
  element, and each one looks different when focused in a way people can see;
- target size (2.5.8): every target is at least 24 by 24 CSS px, unless an exception applies.

Each function returns a list of readable problems; empty means the page passed.
"""

from __future__ import annotations


def settle(page) -> None:
    """Let a page's scripts finish what they do after load (search fetches its index), so
    checks see the page people use, not a half-built one. Pages without scripts are ready."""
    if page.evaluate("document.scripts.length > 0"):
        page.wait_for_load_state("networkidle")
        # "No requests for half a second" is a guess that a loaded machine can fool (the
        # search page compiles its index between fetches): wait for search's own word
        # that it is ready, or that it failed, when the page has it. (With scripts off,
        # <noscript> holds elements and nothing will run: nothing to wait for.)
        page.wait_for_function("""() => !document.querySelector("[data-search]")
            || document.querySelector("noscript *")
            || document.querySelector("[data-search-ready]:not([hidden]), [data-search-failed]:not([hidden])")""")


# A short description of an element for failure messages: its tag, id, classes and text.
_DESCRIBE = """
el => {
  const cls = (el.getAttribute('class') || '').trim().split(/\\s+/).filter(Boolean).map(c => '.' + c).join('');
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
  return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls}> "${text}"`;
}
"""

# What the keyboard can reach, in DOM order: visible, enabled, not taken out by tabindex=-1.
_TABBABLES = """
() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, iframe,'
    + ' details > summary:first-of-type, [tabindex], [contenteditable=""], [contenteditable=true]';
  // checkVisibility is false inside a closed <details> too (its content is not rendered).
  const shown = el => el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length > 0;
  return [...document.querySelectorAll(selector)].filter(el =>
    !el.disabled && !el.closest('[inert]') && el.tabIndex >= 0 && shown(el));
}
"""

_OVERFLOW = """
([describe]) => {
  describe = eval(describe);
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width) return null;
  const scrolls = el => {
    for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > width + 0.5 && !scrolls(el);
  });
  // The innermost ones say what to fix; their ancestors only stick out because of them.
  const innermost = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  return {scrollWidth, width, elements: innermost.slice(0, 5).map(el =>
    `${describe(el)} reaches ${Math.round(el.getBoundingClientRect().right)}px`)};
}
"""


def horizontal_overflow(page, url: str) -> list[str]:
    """At the page's current viewport: does anything make it scroll sideways?"""
    found = page.evaluate(_OVERFLOW, [_DESCRIBE])
    if not found:
        return []
    return [f"{url}: scrolls sideways at {found['width']}px wide (content is {found['scrollWidth']}px): "
            + "; ".join(found["elements"] or ["(no single element found)"])]


# Styles that can show focus. A change of text colour or underline alone is not
# counted: it is too easily missed (and axe cannot see it at all).
_FOCUS_SETUP = """
([describe, tabbables]) => {
  describe = eval(describe);
  const styleOf = el => {
    const s = getComputedStyle(el);
    return {
      outline: [s.outlineStyle, parseFloat(s.outlineWidth) || 0, s.outlineColor],
      shadow: s.boxShadow,
      background: s.backgroundColor + ' ' + s.backgroundImage,
      // A border with no style or width is not drawn, whatever its (currentColor) colour does.
      border: ['Top', 'Right', 'Bottom', 'Left'].map(side =>
        s['border' + side + 'Style'] === 'none' || !parseFloat(s['border' + side + 'Width']) ? 'none'
          : s['border' + side + 'Style'] + ' ' + s['border' + side + 'Width'] + ' ' + s['border' + side + 'Color']).join(','),
    };
  };
  const items = eval(tabbables)();
  window.__focusCheck = {items, styleOf, describe, before: items.map(styleOf)};
  if (document.activeElement) document.activeElement.blur();
  return items.map(describe);
}
"""

_FOCUS_NOW = """
() => {
  const {items, styleOf, describe, before} = window.__focusCheck;
  const el = document.activeElement;
  const index = items.indexOf(el);
  if (!el || el === document.body || index < 0) {
    return {index, what: el && el !== document.body ? describe(el) : null};
  }
  const now = styleOf(el);
  const was = before[index];
  const transparent = c => /rgba\\(.*,\\s*0\\)$/.test(c) || c === 'transparent';
  const ways = [];
  if (now.outline[0] !== 'none' && now.outline[1] >= 2 && !transparent(now.outline[2])
      && now.outline.join() !== was.outline.join()) ways.push('outline');
  if (now.shadow !== was.shadow && now.shadow !== 'none') ways.push('box-shadow');
  if (now.background !== was.background) ways.push('background');
  if (now.border !== was.border) ways.push('border');
  // Not obscured (2.4.11): what is drawn at the middle of the focused element is the element.
  const r = el.getClientRects()[0];
  const x = Math.min(Math.max(r.left + r.width / 2, 0), window.innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), window.innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  const obscured = !top || !(el.contains(top) || top.contains(el)) ? (top ? describe(top) : 'nothing') : null;
  return {index, what: describe(el), ways, obscured};
}
"""


def focus_problems(page, url: str, max_steps: int = 400) -> list[str]:
    """Tab through the page from the top; every interactive element must show it has focus."""
    settle(page)
    names = page.evaluate(_FOCUS_SETUP, [_DESCRIBE, _TABBABLES])
    problems, reached = [], set()
    for _ in range(min(len(names) + 5, max_steps)):
        page.keyboard.press("Tab")
        state = page.evaluate(_FOCUS_NOW)
        index = state["index"]
        if index < 0:
            if state["what"]:
                problems.append(f"{url}: Tab reached {state['what']}, which is not a visible interactive element")
                continue
            break  # focus left the page: the end of the tab order
        if index in reached:
            break  # back at the start
        reached.add(index)
        if not state["ways"]:
            problems.append(f"{url}: no visible focus indicator on {state['what']} "
                            "(outline, box-shadow, background and border are unchanged when focused)")
        if state["obscured"]:
            problems.append(f"{url}: focused {state['what']} is hidden behind {state['obscured']}")
    for index, name in enumerate(names):
        if index not in reached:
            problems.append(f"{url}: the keyboard never reaches {name} (Tab skips it)")
    return problems


# WCAG 2.2 SC 2.5.8 Target Size (Minimum), with the exceptions we can decide by
# measuring (see README, "Accessibility checks"):
#   Spacing - an undersized target passes if a 24 px circle centred on it meets no
#             other target and no other undersized target's circle;
#   Inline  - a target inside running text (display: inline, in a block that has
#             text of its own besides targets) is sized by the line, so it passes.
# Not applied: Equivalent, User agent control and Essential (they need a person's judgement).
_TARGETS = """
([describe, tabbables]) => {
  describe = eval(describe);
  const items = eval(tabbables)();
  const sx = window.scrollX, sy = window.scrollY;
  const onPage = r => ({left: r.left + sx, top: r.top + sy, right: r.right + sx, bottom: r.bottom + sy,
                        width: r.width, height: r.height});
  // The bounding box sizes a target and centres its circle (as 2.5.8 defines them); a link
  // that wraps onto two lines only takes pointer clicks on its pieces, so other targets
  // are measured against the pieces.
  const boxes = items.map(el => ({el, ...onPage(el.getBoundingClientRect()), pieces: [...el.getClientRects()].map(onPage)}))
    .filter(b => b.width > 1 && b.height > 1 && b.bottom > 0 && b.right > 0);  // drawn on the page
  const small = b => b.width < 24 - 0.01 || b.height < 24 - 0.01;
  const centre = b => [(b.left + b.right) / 2, (b.top + b.bottom) / 2];
  const distanceToBox = ([x, y], b) => Math.hypot(Math.max(b.left - x, 0, x - b.right), Math.max(b.top - y, 0, y - b.bottom));
  const distanceToTarget = (point, o) => Math.min(...o.pieces.map(piece => distanceToBox(point, piece)));
  const inRunningText = el => {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && ['inline', 'contents'].includes(getComputedStyle(block).display)) block = block.parentElement;
    if (!block) return false;
    const copy = block.cloneNode(true);
    copy.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex], .visually-hidden').forEach(t => t.remove());
    return /[\\p{L}\\p{N}]/u.test(copy.textContent);
  };
  const failures = [];
  for (const b of boxes) {
    if (!small(b) || inRunningText(b.el)) continue;
    const c = centre(b);
    const clash = boxes.find(o => o !== b && !o.el.contains(b.el) && !b.el.contains(o.el) && (
      distanceToTarget(c, o) < 12 || (small(o) && Math.hypot(c[0] - centre(o)[0], c[1] - centre(o)[1]) < 24)));
    if (clash) {
      failures.push(`${describe(b.el)} is ${b.width.toFixed(1)}x${b.height.toFixed(1)}px, and too close to ${describe(clash.el)}`);
    }
  }
  return failures;
}
"""


def target_size_problems(page, url: str) -> list[str]:
    settle(page)
    return [f"{url}: {line}" for line in page.evaluate(_TARGETS, [_DESCRIBE, _TABBABLES])]


def main_text(page) -> str:
    """The main content as the page shows it (hidden text excluded), whitespace evened out."""
    return " ".join(page.inner_text("main").split()) if page.query_selector("main") else ""


# Reduced motion (the site's own promise; WCAG 2.3.3 is AAA): with the user's setting
# on, nothing animates now and nothing is set up to animate on hover or focus later.
_MOTION = """
([describe]) => {
  describe = eval(describe);
  const found = document.getAnimations().map(a =>
    `${a.animationName || a.transitionProperty || 'an animation'} runs on ${describe(a.effect.target)}`);
  const moving = s => (s.transitionProperty !== 'none' && s.transitionDuration.split(',').some(d => parseFloat(d) > 0))
    || s.animationName !== 'none';
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      if (moving(getComputedStyle(el, pseudo))) {
        found.push(`${describe(el)}${pseudo || ''} has a transition or animation`);
      }
    }
  }
  if (getComputedStyle(document.documentElement).scrollBehavior === 'smooth') found.push('the page scrolls smoothly');
  return [...new Set(found)].slice(0, 10);
}
"""


def motion_problems(page, url: str) -> list[str]:
    """Run with the browser set to prefers-reduced-motion: reduce."""
    return [f"{url}: {line}" for line in page.evaluate(_MOTION, [_DESCRIBE])]


# A word of letters drawn on two lines: the browser broke it inside (overflow-wrap or a box too
# narrow for it). Addresses, emails and numbers may wrap where they must; words may not.
_BROKEN_WORDS = """
() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('script, style, noscript, .visually-hidden, [hidden]')) continue;
    const word = /[A-Za-z\\u2019']{2,}/g;
    for (let m = word.exec(node.data); m; m = word.exec(node.data)) {
      const before = node.data[m.index - 1] || ' ', after = node.data[m.index + m[0].length] || ' ';
      if (/[@.\\/\\w-]/.test(before) || /[@\\/\\w-]/.test(after)) continue;  // part of an address or a number
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) found.push(`<${el.tagName.toLowerCase()}${el.className ? ' class="' + el.className + '"' : ''}>: "${m[0]}"`);
    }
  }
  return found;
}
"""


def broken_words(page, url: str) -> list[str]:
    """Words the page at its current viewport draws across two lines."""
    return [f"{url}: a word broken across lines in {where}" for where in page.evaluate(_BROKEN_WORDS)]


# Wider than the viewport (WCAG 1.4.10 at 320 px, and the same rule at every width): an
# element reaching past the right edge is allowed only inside a labelled scroll region, a
# box that scrolls sideways on its own and that keyboard and screen reader users can find
# (role="region", tabindex="0", and a name from aria-label or aria-labelledby). A box that
# merely clips (overflow: hidden) or scrolls without a name hides content with no sign.
_TOO_WIDE = """
([describe]) => {
  describe = eval(describe);
  const width = window.innerWidth;
  const labelledRegion = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (p.getAttribute('role') === 'region' && p.tabIndex >= 0
          && (p.getAttribute('aria-label') || '').trim() + (p.getAttribute('aria-labelledby') || '').trim()
          && ['auto', 'scroll'].includes(s.overflowX)) return true;
    }
    return false;
  };
  const hidden = el => el.closest('.visually-hidden, [hidden]') || !el.checkVisibility();
  const wide = [...document.body.querySelectorAll('*')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > width + 0.5 && !hidden(el) && !labelledRegion(el);
  });
  const innermost = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  const found = innermost.slice(0, 5).map(el => `${describe(el)} reaches ${Math.round(el.getBoundingClientRect().right)}px`);
  const scrollWidth = document.documentElement.scrollWidth;
  if (!found.length && scrollWidth > width) found.push(`the page is ${scrollWidth}px wide`);
  return found;
}
"""


def too_wide(page, url: str) -> list[str]:
    """Elements wider than the viewport outside a labelled scroll region, at the page's current size."""
    width = page.viewport_size["width"]
    return [f"{url} at {width}px: wider than the screen, outside a labelled scroll region: {what}"
            for what in page.evaluate(_TOO_WIDE, [_DESCRIBE])]


_SEARCHED_FOR = """
query => {
  const said = (document.querySelector("[data-status]") || {}).textContent || "";
  const rewritten = document.querySelector("[data-rewritten]");
  return /^(\\d+ results?|No results) /.test(said.trim()) && (said.includes(`for ‘${query}’`)
    || Boolean(rewritten && !rewritten.hidden && rewritten.textContent.includes(`You typed ‘${query}’`)));
}
"""


def results_below_first_screen(page, url: str, query: str, results=".search-results > li",
                               box="input[name='q']", at_least_px: int = 40) -> list[str]:
    """Type `query` into the search box as a person would, wait for results, and say whether
    the first one starts too low to be seen without scrolling (at least at_least_px of it shows)."""
    page.wait_for_selector("[data-search-ready]:not([hidden])")  # the script is listening
    page.locator(box).fill("")
    page.locator(box).press_sequentially(query)
    # Each pause in typing runs a search, so results for a part of the word ("lib") can
    # show first and be replaced while measured: wait until the status line reports the
    # search for the whole query (under its own words, or the spelling it was rewritten to).
    page.wait_for_function(_SEARCHED_FOR, arg=query)
    first = page.locator(results).first
    first.wait_for(state="visible")
    page.evaluate("window.scrollTo(0, 0)")
    top = first.evaluate("el => el.getBoundingClientRect().top")
    height = page.viewport_size["height"]
    if top > height - at_least_px:
        return [f"{url} at {page.viewport_size['width']}x{height}px: the first result for {query!r} starts at "
                f"{top:.0f}px, below the first screen"]
    return []
