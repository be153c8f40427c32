# The branch finder of the intake's pages, for the walks over every page.
import tongket.intake.testing  # noqa: F401
