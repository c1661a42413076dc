"""The transposed convolution walked: every input cell stamps value × kernel onto the output.

The output is drawn before the padding crops it: the cropped rows and columns are the
hatched ghost border (with the numbers the stamps left there), so a class sees what
``padding`` takes away.  The newest stamp is outlined and the cells where stamps have
overlapped so far are hatched.  ``fractionalToggle`` adds the same result seen as an
ordinary convolution: the input with ``s − 1`` zeros stuffed between its cells and a
zero border, which the kernel turned 180° walks (the convolution-arithmetic guide's
"fractionally strided" figures).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from convviz.core.numbers import format_number
from convviz.core.transposed import FractionallyStrided, as_convolution
from convviz.core.transposed_walk import TransposedWalk
from convviz.qt.grids.cell_marks import CellMarks
from convviz.qt.grids.grid_view import GridView
from convviz.qt.grids.window_overlay import WindowOverlay
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.panels.panel_title import panel_title
from convviz.qt.theme import input_colours, lut_for, signals
from convviz.qt.widgets import named


class TransposedPanel(QWidget):
    """``transposedPanel``: shown in the transposed mode, in place of the feature map."""

    def __init__(
        self, adapter: ModelAdapter, input_grid: GridView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transposedPanel")
        self._adapter = adapter
        self.title = panel_title("Transposed convolution")
        self.output = GridView("transposedOutput")
        self.overlaps = CellMarks("cover", hatched=True, z=6)
        self.output.view.addItem(self.overlaps)
        self.source = WindowOverlay()  # the input cell that stamps, on the input grid
        input_grid.view.addItem(self.source)
        self.stuffed = GridView("stuffedInput")
        self.stuffed_label = named(QLabel(), "stuffedLabel")
        self.stuffed_label.setWordWrap(True)
        self.fractional = named(QCheckBox("As a convolution (zero-stuffed)"), "fractionalToggle")
        self.fractional.setToolTip(
            "The same output as an ordinary convolution over the input with zeros stuffed "
            "between its cells"
        )
        self.fractional.toggled.connect(self.refresh)

        self.stuffed.setMinimumSize(100, 100)
        grids = QHBoxLayout()
        grids.addWidget(self.output, 3)
        grids.addWidget(self.stuffed, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(grids, 1)
        layout.addWidget(self.fractional)
        layout.addWidget(self.stuffed_label)

        adapter.walkChanged.connect(self.refresh)
        adapter.cursorMoved.connect(self.refresh)
        signals().changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Redraw from ``model.transposed`` (outputs are small: no partial updates)."""
        stage = self._adapter.model.transposed
        walk = stage.walk
        if walk is None:
            self.output.overlay.clear()
            self.overlaps.clear()
            self.source.clear()
            self.stuffed.hide()
            self.stuffed_label.hide()
            return
        full = _uncropped(walk)
        shown = stage.cursor - 1
        values = full.partial(shown)[0]  # (C, N, kh, kw) weights: one (N = 1) map
        reached = _reach_counts(full, stage.cursor)
        values = np.where(reached > 0, values, np.nan)
        final = walk.partial(len(walk) - 1)
        lut, levels = lut_for(final)
        (py, px) = walk.geometry.padding
        self.output.cells.set_values(values, levels, lut, border=((py, py), (px, px)))
        self.output.fit()
        self.overlaps.show_cells(*(np.nonzero(reached > 1) - np.array([[py], [px]])))
        step = stage.current_step
        if step is None:
            self.output.overlay.clear()
            self.source.clear()
        else:
            self.output.overlay.show_cells(step.rows, step.cols)
            self.source.show_cells(np.array([step.in_row]), np.array([step.in_col]))
        self._show_fractional(walk)

    def _show_fractional(self, walk: TransposedWalk) -> None:
        on = self.fractional.isChecked()
        self.stuffed.setVisible(on)
        self.stuffed_label.setVisible(on)
        if not on:
            return
        settings = self._adapter.model.transposed.settings
        try:
            view = as_convolution(
                walk.input,
                walk.kernel[:, 0],
                stride=settings.stride,
                padding=settings.padding,
                output_padding=settings.output_padding,
                dilation=settings.dilation,
            )
        except ValueError as error:
            self.stuffed.cells.set_values(np.zeros((0, 0)), (0.0, 1.0))
            self.stuffed_label.setText(str(error))
            return
        padded = np.pad(view.stuffed.reshape(-1, *view.stuffed.shape[-2:])[0], view.pads)
        lut, levels = input_colours(padded)
        self.stuffed.cells.set_values(padded, levels, lut, border=view.pads)
        self.stuffed.fit()
        self.stuffed_label.setText(_fractional_words(view, walk))


def _uncropped(walk: TransposedWalk) -> TransposedWalk:
    """The same walk without the padding's crop: the border the class sees as ghosts."""
    g = walk.geometry
    return TransposedWalk(
        walk.input,
        walk.kernel,
        stride=g.stride,
        output_padding=g.output_padding,
        dilation=g.dilation,
    )


def _reach_counts(walk: TransposedWalk, stamps: int) -> np.ndarray:
    """How many of the first ``stamps`` stamps land on each output cell."""
    counts = np.zeros(walk.geometry.out_shape, dtype=int)
    for index in range(stamps):
        step = walk.step(index)
        np.add.at(counts, (step.rows[step.inside], step.cols[step.inside]), 1)
    return counts


def _fractional_words(view: FractionallyStrided, walk: TransposedWalk) -> str:
    """What the stuffed grid is, with today's numbers."""
    (sy, sx) = walk.geometry.stride
    turned = view.kernel.reshape(-1, *view.kernel.shape[-2:])[0]
    rows = "; ".join(" ".join(format_number(float(v)) for v in row) for row in turned)
    (top, bottom), (left, right) = view.pads
    return (
        f"Right: the input with {sy - 1} zero(s) between rows, {sx - 1} between columns "
        f"and a zero border ({top}, {bottom}, {left}, {right}); convolved (stride 1) by "
        f"the kernel turned 180°, [{rows}], it gives the output on the left."
    )
