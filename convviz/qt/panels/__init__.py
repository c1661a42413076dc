"""The lesson's panels: input, kernel, feature map, arithmetic, the whole photo.

Each observes the model through the adapter and redraws only what changed.
"""
