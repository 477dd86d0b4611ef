"""Every HTML body we send passes an explicit allow-list (nh3), whatever template made it.

Our own layout is escaped text in paragraphs, but a board may override any template. What
survives is text formatting only: no image (a remote one is a read receipt for whoever
serves it), no link except `mailto:` and https to the board's own domain (a link elsewhere
may be a tracker), no style that can load anything, no script, form or frame.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3

TAGS = frozenset(
    {
        "a", "b", "blockquote", "br", "div", "em", "h1", "h2", "h3", "h4", "hr", "i", "li",
        "ol", "p", "span", "strong", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
# CSS properties that only lay out text: none of them can name a URL.
STYLE = frozenset(
    {
        "color", "font-family", "font-size", "font-style", "font-weight", "line-height",
        "margin", "margin-bottom", "margin-top", "padding", "text-align", "white-space",
        "border", "border-collapse",
    }
)  # fmt: skip
SKELETON = (
    '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"></head>\n'
    "<body>\n{}\n</body>\n</html>\n"
)


def clean_html(html: str, own_domain: str) -> str:
    """The body of `html` as a whole document, with only what TAGS and STYLE allow."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute != "href":
            return value
        if value.lower().startswith("mailto:"):
            return value
        host = (urlsplit(value).hostname or "").lower()
        own = host == own_domain or host.endswith("." + own_domain)
        return value if value.lower().startswith("https://") and own else None

    body = nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags={"script", "style", "head", "title", "template", "noscript"},
        attributes={"*": {"style"}, "a": {"href"}, "td": {"colspan", "rowspan"}},
        attribute_filter=keep,
        url_schemes={"https", "mailto"},
        filter_style_properties=set(STYLE),
        strip_comments=True,
    )
    return SKELETON.format(body.strip())
