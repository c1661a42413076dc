"""The feature detector: a table of weights the learner types into, and its size.

The table's model is a thin view of :class:`ConvModel`'s kernel: a typed cell is parsed
with :func:`parse_number` and refused with a message (the old weight stays) when it is
not a usable number.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QFontInfo, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from convviz.core.numbers import because, format_number, parse_number
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.panels.panel_title import panel_title
from convviz.qt.theme import active
from convviz.qt.widgets import choice_combo, named

_Index = QModelIndex | QPersistentModelIndex
#: Editing a colour kernel: every channel at once (the photo filter), or one of them.
#: Short names: the combo sits under a narrow kernel (its tooltip says more).
KERNEL_CHANNELS = {"All": "all", "Red": "red", "Green": "green", "Blue": "blue"}


class KernelTableModel(QAbstractTableModel):
    """Cells are the weights; they accept typed text such as ``-1``, ``0.5`` or ``1/9``."""

    def __init__(self, adapter: ModelAdapter) -> None:
        super().__init__()
        self._adapter = adapter
        self._shape = adapter.model.kernel.shape[-2:]
        self._texts: list[str] | None = None
        adapter.walkChanged.connect(self._kernel_changed)
        adapter.displayChanged.connect(self._display_changed)

    @property
    def channel(self) -> int | None:
        """The kernel channel on show and edited alone; ``None``: all of them at once."""
        return self._adapter.model.display.choices.kernel_channel_index

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shape[0]

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shape[1]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in _ROLES:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.texts()[index.row() * self._shape[1] + index.column()]
        weight = float(self.weights()[index.row(), index.column()])
        if role == Qt.ItemDataRole.BackgroundRole and weight != 0:
            tint = active().colour("match")
            tint.setAlpha(60)
            return tint
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Weight at row {index.row()}, column {index.column()}: {weight:g}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Parse and store one weight; refuse (keeping the old one) with a message."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        where = f"Kernel cell (row {index.row()}, column {index.column()})"
        try:
            weight = parse_number(str(value))
        except ValueError as error:
            self._adapter.refused.emit(f"{where} kept its value because {because(error)}")
            return False
        return self._adapter.attempt(
            self._adapter.model.set_kernel_weight, index.row(), index.column(), weight, self.channel
        )

    def texts(self) -> list[str]:
        """Every weight as shown, remembered until the kernel changes (painting asks often)."""
        if self._texts is None:
            self._texts = [format_number(float(w)) for w in self.weights().ravel()]
        return self._texts

    def weights(self) -> np.ndarray:
        """The matrix on show: the kernel, or one channel of it for a colour input."""
        kernel = self._adapter.model.kernel
        return kernel if kernel.ndim == 2 else kernel[self.channel or 0]

    def _display_changed(self, fields: frozenset[str]) -> None:
        if "kernel_channel" in fields:
            self._kernel_changed()

    def _kernel_changed(self) -> None:
        """Repaint the cells whose weight changed; all of them if the widest did.

        A typed weight repainted every cell: 225 of them for a 15×15 kernel, 30 ms.
        """
        before, self._texts = self._texts, None
        shape = self._adapter.model.kernel.shape[-2:]
        if shape != self._shape:
            self.beginResetModel()
            self._shape = shape
            self.endResetModel()
            return
        changed = _changed_block(before, self.texts(), shape[1])
        if changed is not None:
            (top, left), (bottom, right) = changed
            self.dataChanged.emit(self.index(top, left), self.index(bottom, right))


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ToolTipRole,
    }
)


def _changed_block(
    before: list[str] | None, after: list[str], columns: int
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The rows and columns spanning every changed weight (``None``: nothing changed).

    Every cell when the texts were unknown.  (When the widest weight changes, all
    numbers change size: the delegate repaints them all.)
    """
    if before is None or len(before) != len(after):
        return (0, 0), (len(after) // columns - 1, columns - 1)
    changed = [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    if not changed:
        return None
    spots = [divmod(i, columns) for i in changed]
    top, bottom = min(r for r, _ in spots), max(r for r, _ in spots)
    left, right = min(c for _, c in spots), max(c for _, c in spots)
    return (top, left), (bottom, right)


class FitTextDelegate(QStyledItemDelegate):
    """One font for every weight, shrunk until the widest fits its cell.

    A narrow 7×7 kernel shows ``−1``, not ``…``; and a Laplacian's ``−4`` is as big as its
    ``0``s and ``1``s (shrunk cell by cell, it was 10 pixels beside 25).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: The widest weight's width, for the texts and the font it was measured with.
        self._widest: tuple[list[str], str, float] | None = None
        self._px: int | None = None  # the pixel size the numbers were last drawn at

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        model = index.model()
        texts = model.texts() if isinstance(model, KernelTableModel) else [option.text]
        px = self._fitted_px(texts, option)
        if px != QFontInfo(option.font).pixelSize():
            option.font.setPixelSize(px)
        self._note_px(px)  # a new cell size or zoom: found while painting
        # Never "…" for a number: an edge pixel clipped off a glyph misleads no one.
        option.textElideMode = Qt.TextElideMode.ElideNone

    def refit(self, view: QTableView) -> None:
        """Decide the numbers' size as soon as the weights change, before any painting.

        Found while painting, a new size asked for a second paint of every cell: the
        window drew twice for one typed weight (a live photo filter's whole frame).
        """
        model = view.model()
        if not isinstance(model, KernelTableModel) or not model.rowCount():
            return
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect, option.font = view.visualRect(model.index(0, 0)), view.font()
        self._note_px(self._fitted_px(model.texts(), option))

    def _fitted_px(self, texts: list[str], option: QStyleOptionViewItem) -> int:
        """The font's pixel size, shrunk until the widest of ``texts`` fits a cell."""
        width, room = self._widest_width(texts, option.font), _text_room(option)
        px = QFontInfo(option.font).pixelSize()
        return max(8, int(px * room / width)) if width > room > 0 else px

    def _note_px(self, px: int) -> None:
        """One size for all: a new one repaints the unchanged cells too, and only then.

        A typed −2.5 after −2 repainted every cell although both fitted at one size.
        """
        if px != self._px:
            view = self.parent()
            if self._px is not None and isinstance(view, QAbstractItemView):
                view.viewport().update()
            self._px = px

    def _widest_width(self, texts: list[str], font: QFont) -> float:
        """The widest weight's width, measured once per kernel and font.

        Each cell measuring every weight cost a 15×15 kernel 50 000 measurements a repaint.
        """
        key = font.key()
        if self._widest is None or self._widest[0] is not texts or self._widest[1] != key:
            metrics = QFontMetricsF(font)
            widest = max((metrics.horizontalAdvance(text) for text in texts), default=0.0)
            self._widest = (texts, key, widest)
        return self._widest[2]


class SquareCells(QWidget):
    """Holds the kernel table at the biggest square cells that fit, centred.

    Stretched to its panel, a 3×3 kernel's cells were tall rectangles (49×135 pixels at
    1280×720) beside the grids' square ones.
    """

    def __init__(self, table: QTableView) -> None:
        super().__init__()
        self._table = table
        table.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.setMinimumWidth(table.minimumWidth())
        model = table.model()
        model.modelReset.connect(self._place)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        table, model = self._table, self._table.model()
        rows, cols = max(model.rowCount(), 1), max(model.columnCount(), 1)
        frame = 2 * table.frameWidth()
        side = max(1, min((self.width() - frame) // cols, (self.height() - frame) // rows))
        for header in (table.horizontalHeader(), table.verticalHeader()):
            header.setDefaultSectionSize(side)
        width, height = side * cols + frame, side * rows + frame
        table.setGeometry((self.width() - width) // 2, (self.height() - height) // 2, width, height)


def _text_room(option: QStyleOptionViewItem) -> float:
    """The width a cell's text may take.

    The style draws it inside a focus margin on both sides: a fixed few pixels, which
    the share of the width used before (85 %) missed in narrow cells.
    """
    style = option.widget.style() if option.widget is not None else QApplication.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, option, option.widget)
    return option.rect.width() - 2 * (margin + 1) - 2


class KernelPanel(QWidget):
    """The kernel table under its title."""

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._adapter = adapter
        self.table = named(QTableView(), "kernelEditor")
        self.table.setModel(KernelTableModel(adapter))
        delegate = FitTextDelegate(self.table)
        self.table.setItemDelegate(delegate)
        self.table.model().dataChanged.connect(lambda *_: delegate.refit(self.table))
        self.table.setAccessibleName("Feature detector weights")
        # Let the window's stretch factors size the table, not its default size hint.
        self.table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.table.setMinimumWidth(120)
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            # The delegate shrinks the numbers instead: the style's minimum section (as
            # wide as its font) put a 7×7 kernel behind a scroll bar, columns cut off.
            header.setMinimumSectionSize(1)
            header.hide()
        for policy in (
            self.table.setHorizontalScrollBarPolicy,
            self.table.setVerticalScrollBarPolicy,
        ):
            policy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel_title("Feature detector"))
        layout.addWidget(SquareCells(self.table), 1)
        self.channel = choice_combo(
            "kernelChannelCombo",
            "Which channel of the kernel to edit: all three at once, or red, green or blue alone",
            KERNEL_CHANNELS,
            adapter.model.display,
            "kernel_channel",
            adapter.displayChanged,
        )
        layout.addWidget(self.channel)
        adapter.walkChanged.connect(self._show_channel_choice)
        self._show_channel_choice()

    def _show_channel_choice(self) -> None:
        """Offer the channel choice only when the input has colour channels."""
        self.channel.setVisible(self._adapter.model.channels > 1)
