"""Test scaffolding that reads the organisation and the domain apps: the finders of org
objects and dashboards (`branches`) and the classified-resolution fixtures (`classification`).

Above every app (top layer of the import contract): only tests import it. The registry the
apps' own `testing.py` modules fill stays in `tongket.core.testing.branches`.
"""
