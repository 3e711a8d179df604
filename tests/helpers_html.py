"""A page the planner writes is a whole, well-formed HTML document (stdlib parser only)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Elements without an end tag.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Nesting(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def assert_valid_html(page: str) -> None:
    """A whole document: the doctype, one html element, every element closed in order."""
    parser = _Nesting()
    parser.feed(page)
    parser.close()
    assert parser.doctype.lower() == "doctype html"
    assert not parser.errors, parser.errors[:5]
    assert not parser.stack, f"not closed: {parser.stack}"
    assert re.search(r'<html lang="(vi|en)">', page)
    head = page[page.index("<head>") : page.index("</head>")]
    assert page.count("<body>") == 1 and head.count("<title>") == 1
