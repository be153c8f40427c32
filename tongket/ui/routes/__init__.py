"""URL patterns of the pages, one module per domain (included by `tongket.ui.urls`)."""
