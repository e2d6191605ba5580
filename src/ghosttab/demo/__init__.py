"""Bundled demo web site used as a test bed for ghosttab.

The site contains a supplier portal, a swimming class registration flow, a
small shop and a set of "lab" pages, plus switchable faults. It is
self-contained: nothing here imports other ``ghosttab`` modules, and the rest
of the package must not import it.
"""

from __future__ import annotations

from ghosttab.demo.app import create_app
from ghosttab.demo.server import DemoServer, serve

__all__ = ["DemoServer", "create_app", "serve"]
