"""The application window: layout and sizing, menus and keys, files, photos, export.

The only Qt layer that builds the whole window; nothing below imports it.
"""
