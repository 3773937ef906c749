"""The words an HTML page shows: the text of its ``<body>``, less scripts, styles and
comments (a note only in a script's string or a comment is not shown)."""

from __future__ import annotations

from html.parser import HTMLParser

HIDDEN = {"script", "style", "template", "noscript"}


class _Shown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.body = False
        self.hidden = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag == "body":
            self.body = True
        elif tag in HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "body":
            self.body = False
        elif tag in HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if self.body and not self.hidden and data.strip():
            self.texts.append(data.strip())


def shown_text(page: str) -> list[str]:
    """The pieces of text ``page`` shows in its body, in order (entities decoded)."""
    parser = _Shown()
    parser.feed(page)
    parser.close()
    return parser.texts
