"""Every code block can be scrolled by keyboard from the moment the page loads.

Material sets up a code block (copy button, and ``tabindex="0"`` when its lines overflow) only when
the block scrolls into view: the ``content.lazy`` feature in mkdocs.yml, which keeps long notebook
pages fast. Until then a wide block would be a scrollable region that a keyboard cannot reach, so
this hook gives every ``<pre><code>`` a ``tabindex="0"`` at build time; once the theme sets the
block up, it keeps the attribute only where the block really overflows.
"""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

# <code> as the first element of a <pre> (Pygments puts an empty <span> before it), with or without
# attributes, and not yet focusable
CODE = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?)<code\b(?![^>]*\btabindex=)")


@event_priority(-100)  # after every other hook has written its code blocks
def on_page_content(html, page, config, files):
    return CODE.sub(r'\1<code tabindex="0"', html)
