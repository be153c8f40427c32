"""Tổng Kết: follow resolutions from issue to review."""
