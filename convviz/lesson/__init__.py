"""Lesson files: the JSON format, its field-by-field checks, atomic writes.

Qt-free; imports only the core.
"""
