"""Walk every URL of a URLconf, filling its parameters with objects of a given branch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


def iter_patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    """(route, name, pattern) of every leaf URL pattern."""
    resolver = resolver or get_resolver()
    for item in resolver.url_patterns:
        route = prefix + str(item.pattern)
        if isinstance(item, URLResolver):
            space = f"{namespace}{item.namespace}:" if item.namespace else namespace
            yield from iter_patterns(item, route, space)
        else:
            yield route, f"{namespace}{item.name}", item


def fill(route: str, values: dict[str, Any]) -> str | None:
    """Turn a route like 'units/<int:pk>/' into a path, or None if a parameter is unknown."""
    import re

    path = route.replace("^", "").replace("$", "").replace("\\Z", "")
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", path):
        if name not in values:
            return None
        token = f"<{converter}:{name}>" if converter else f"<{name}>"
        path = path.replace(token, str(values[name]))
    if re.search(r"[()\[\]?*+\\]", path):
        return None
    return "/" + path
