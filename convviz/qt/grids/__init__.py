"""Graphics of the grids: cells and their numbers, the sliding window, marks.

Used by the panels; they know nothing of the model.
"""
