"""The renderer's version, written into every DOCX it makes (the core property `version`)
and stored beside an issued document's file (`documents.files`).

`NUMBER` is raised by hand when the output changes on purpose; the digest of the rendering
code follows every edit by itself, so two files made by different code never carry the same
version."""

from __future__ import annotations

import hashlib
from pathlib import Path

# 1: the renderer before its files named their version; 2: files name it, issued ones kept.
NUMBER = "2"


def _digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


RENDERER_VERSION = f"{NUMBER}+{_digest()}"
