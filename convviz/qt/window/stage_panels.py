"""Which panels the central row shows: the feature map, pooling after it, or the transposed mode.

Kept out of the panels themselves because the choice concerns several of them: in the
transposed mode its output takes the feature map's place (and pooling, which reads
the map, steps aside).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from convviz.qt.model_adapter import ModelAdapter


class StagePanels:
    """Shows and hides the stage panels after every change of the lesson."""

    def __init__(
        self, adapter: ModelAdapter, feature_map: QWidget, pooling: QWidget, transposed: QWidget
    ) -> None:
        self._adapter = adapter
        self._panels = (feature_map, pooling, transposed)
        adapter.walkChanged.connect(self.sync)
        self.sync()

    def sync(self) -> None:
        model = self._adapter.model
        feature_map, pooling, transposed = self._panels
        mode = model.transposed.enabled
        feature_map.setVisible(not mode)
        pooling.setVisible(model.pooling.enabled and not mode)
        transposed.setVisible(mode)
