"""A small, safe arithmetic language for the two sides of a validation rule.

    HC03 <= HC02 * 10          {HC-03} + {HC-04} = {HC-05}          (TS01 - TS02) / 2

Numbers (a dot or a comma as the decimal mark), indicator codes (bare when made of letters,
digits and "_", or in braces when they hold other characters), + - * / (also × and ÷),
parentheses and a leading minus. Nothing else: the text is tokenised and parsed by a
recursive-descent parser into a tree of tuples, never handed to `eval`. Arithmetic is in
Decimal; a side that divides by zero or reads a missing value has no value (the rule is then
skipped, as DHIS2 does for missing values).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

MAX_LENGTH = 500
MAX_DEPTH = 30

_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<number>[0-9]+(?:[.,][0-9]+)?)"
    r"|\{(?P<braced>[^{}]{1,32})\}"
    r"|(?P<code>[A-Za-z_][A-Za-z0-9_]{0,31})"
    r"|(?P<op>[-+*/×÷()])"
    r")"
)

Node = tuple[Any, ...]


class ExpressionError(ValueError):
    """The text is not an expression; `message` says where and why, for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def tokens(text: str) -> list[tuple[str, str]]:
    if len(text) > MAX_LENGTH:
        raise ExpressionError(_("At most %(n)s characters.") % {"n": MAX_LENGTH})
    found: list[tuple[str, str]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise ExpressionError(
                _("Cannot read “%(text)s” at character %(n)s.")
                % {"text": text[position:].strip()[:20], "n": position + 1}
            )
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "braced":
            kind, value = "code", value.strip()
        elif kind == "op":
            value = {"×": "*", "÷": "/"}.get(value, value)
        found.append((kind, value))
        position = match.end()
    if not found:
        raise ExpressionError(_("Enter an expression."))
    return found


class _Parser:
    def __init__(self, items: list[tuple[str, str]]) -> None:
        self.items = items
        self.at = 0

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.at] if self.at < len(self.items) else None

    def take(self) -> tuple[str, str]:
        item = self.items[self.at]
        self.at += 1
        return item

    def expression(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise ExpressionError(_("The expression is nested too deeply."))
        node = self.term(depth)
        while (item := self.peek()) is not None and item in {("op", "+"), ("op", "-")}:
            self.take()
            node = (item[1], node, self.term(depth))
        return node

    def term(self, depth: int) -> Node:
        node = self.factor(depth)
        while (item := self.peek()) is not None and item in {("op", "*"), ("op", "/")}:
            self.take()
            node = (item[1], node, self.factor(depth))
        return node

    def factor(self, depth: int) -> Node:
        item = self.peek()
        if item is None:
            raise ExpressionError(_("The expression ends too early."))
        self.take()
        kind, value = item
        if kind == "number":
            return ("num", Decimal(value.replace(",", ".")))
        if kind == "code":
            return ("code", value.upper())
        if item == ("op", "-"):
            return ("neg", self.factor(depth + 1))
        if item == ("op", "("):
            node = self.expression(depth + 1)
            if self.peek() != ("op", ")"):
                raise ExpressionError(_("A bracket is not closed."))
            self.take()
            return node
        raise ExpressionError(_("“%(token)s” is not expected here.") % {"token": value})


def parse(text: str) -> Node:
    """The tree of an expression; ExpressionError saying what is wrong otherwise."""
    parser = _Parser(tokens(text or ""))
    node = parser.expression(0)
    if parser.peek() is not None:
        raise ExpressionError(
            _("“%(token)s” is not expected here.") % {"token": parser.peek()[1]}  # type: ignore[index]
        )
    return node


def codes(node: Node) -> list[str]:
    """The indicator codes an expression reads, in order of appearance."""
    if node[0] == "code":
        return [node[1]]
    if node[0] == "num":
        return []
    found: list[str] = []
    for child in node[1:]:
        for code in codes(child):
            if code not in found:
                found.append(code)
    return found


def evaluate(node: Node, values: dict[str, Decimal | None]) -> Decimal | None:
    """The value of an expression for the values by code; None when one is missing or a
    division by zero occurs."""
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "code":
        return values.get(node[1])
    if kind == "neg":
        inner = evaluate(node[1], values)
        return None if inner is None else -inner
    left, right = evaluate(node[1], values), evaluate(node[2], values)
    if left is None or right is None:
        return None
    try:
        if kind == "+":
            return left + right
        if kind == "-":
            return left - right
        if kind == "*":
            return left * right
        if right == 0:
            return None
        return left / right
    except InvalidOperation:
        return None
