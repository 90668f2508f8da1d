"""overrides/partials: a partial copied from Material for MkDocs must stay Material's, plus our change.

A copied partial silently keeps the old theme's markup after an upgrade of ``mkdocs-material``. Each
copy is compared with the installed theme's file: they must be equal once the copy's leading comment
(which says why it exists) and the lines it adds are taken out. After an upgrade, a failure here
means: copy the new partial and make the change again.
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

ROOT = Path(__file__).resolve().parent.parent
THEME = Path(material.__file__).parent / "templates"

# copied partial -> the lines the copy adds to Material's
COPIES = {
    "partials/nav-item.html": ['<span class="visually-hidden">{{ render_title(nav_item) }}</span>'],
}


def body(text: str, added: list[str] = ()) -> list[str]:
    """The template without its leading Jinja comment, without the added lines and blank lines."""
    text = re.sub(r"\A\s*\{#-?.*?-?#\}", "", text, count=1, flags=re.DOTALL)
    return [line.rstrip() for line in text.splitlines() if line.strip() and line.strip() not in added]


@pytest.mark.parametrize("partial", sorted(COPIES))
def test_a_copied_partial_is_materials_plus_its_change(partial):
    ours = (ROOT / "overrides" / partial).read_text()
    for line in COPIES[partial]:
        assert line in ours, f"overrides/{partial} no longer adds: {line}"
    assert body(ours, COPIES[partial]) == body((THEME / partial).read_text()), (
        f"overrides/{partial} differs from Material {material.__version__}'s {partial} by more than its change: "
        "copy the theme's partial again and redo the change (see the comment at the top of the file)"
    )


def test_the_comparison_sees_a_changed_line():
    theme = (THEME / "partials/nav-item.html").read_text()
    planted = theme.replace("md-nav__link", "md-nav__lnk", 1)
    assert body(planted) != body(theme)
