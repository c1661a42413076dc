"""The whole photo through the selected kernel, redrawn on every edit, beside the walk.

The step-by-step walk runs on a small version of the photo (or a small patch of it);
this panel keeps the big picture: the same kernel on every pixel, recomputed whenever
a weight, the bias or the walk's geometry changes.  It also answers the question a
colour photo raises: a photo editor filters R, G and B each on their own, a CNN layer
adds the three channels' sums into one map.  Both can be shown, and the caption says
which one is on screen.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from functools import partial
from typing import Any

import numpy as np
from PySide6.QtCore import QRectF, QSignalBlocker, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from convviz.core.convolution import Geometry
from convviz.core.model import ConvModel
from convviz.core.numbers import format_number
from convviz.core.photo import Photo, PhotoCut
from convviz.core.screen_image import extremes_and_image, to_uint8
from convviz.qt.model_adapter import ModelAdapter
from convviz.qt.panels.photo_view import PhotoView
from convviz.qt.steady_label import SteadyBox
from convviz.qt.theme import lut_for, signals
from convviz.qt.widgets import choice_combo, named, set_quietly, side_by_side, spin_box

# Short texts: the dock is narrow; the caption says more.
MEANINGS = {"Photo editor": "photo editor", "CNN layer": "cnn layer"}
DISPLAYS = {"Clip to 0–255": "clip", "Rescale to full range": "rescale"}
MIN_WALK, MAX_WALK = 8, 64
MIN_PATCH, MAX_PATCH, DEFAULT_PATCH = 6, 32, 12


class PhotoPanel(QWidget):
    """Shown while the lesson's input comes from a photo; see the module docstring."""

    activeChanged = Signal(bool)  # a photo was opened (True) or the lesson dropped it

    def __init__(self, adapter: ModelAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photoPanel")
        self._adapter = adapter
        self._active = False
        self._shown: tuple | None = None  # what the image was computed from
        self._photo: Photo | None = None  # keeps the shown photo alive: its id() stays unique
        self._values: np.ndarray | None = None
        self.view = PhotoView()
        self.caption = named(QLabel(), "photoCaption")
        self.caption.setWordWrap(True)
        # Wrapped to whatever width the photo's column has: its longest word ("128×128:")
        # as a minimum held a presenting 1280×720 window's column wider than its share,
        # over the input grid.
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.colour = named(QCheckBox("Colour"), "photoColourCheck")
        self.colour.setToolTip("On: three channels, R, G and B. Off: the photo in grey")
        display, changed = adapter.model.display, adapter.displayChanged
        self.meaning = choice_combo(
            "photoMeaningCombo",
            "What filtering a colour photo means. Photo editor: R, G and B each filtered on "
            "their own. CNN layer: the three channels' sums added into one map",
            MEANINGS,
            display,
            "photo_meaning",
            changed,
        )
        self.display = choice_combo(
            "photoDisplayCombo",
            "How values become colours",
            DISPLAYS,
            display,
            "photo_values",
            changed,
        )
        self.walk_size = spin_box(
            "photoWalkSizeSpin",
            "Pixels on the longest side of the walked photo",
            MIN_WALK,
            MAX_WALK,
        )
        self.walk_size.setSuffix(" px")
        self.patch = named(QCheckBox("Patch"), "photoPatchCheck")
        self.patch.setToolTip(
            "Walk a small patch at full size; click or drag on the photo to move it"
        )
        self.patch_size = spin_box(
            "photoPatchSizeSpin", "Side of the walked patch", MIN_PATCH, MAX_PATCH
        )
        self.patch_size.setValue(DEFAULT_PATCH)
        self.patch_size.setSuffix(" px")

        #: The photo's settings: hidden with the settings column (F2, F5), when the class
        #: needs the photo, not its controls, and the grids need the width.
        self.settings = named(QWidget(), "photoSettings")
        form = QFormLayout(self.settings)  # narrow: the dock shares the width with 3 grids
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.colour)
        form.addRow(self.meaning)
        form.addRow(self.display)
        form.addRow("Walk size", self.walk_size)
        form.addRow(side_by_side(self.patch, self.patch_size))
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(SteadyBox(self.caption))  # new numbers at every typed weight
        layout.addWidget(self.settings)

        self.colour.toggled.connect(lambda on: self._set_view(colour=on))
        self.walk_size.valueChanged.connect(lambda n: self._set_view(longest_side=n, region=None))
        self.patch.toggled.connect(self._patch_toggled)
        self.patch_size.valueChanged.connect(self._patch_resized)
        changed.connect(self._display_changed)
        self.view.pointed.connect(self._move_patch)
        # set_photo (and replace_with) store the photo only after notifying: look again
        # when the change is done, at once for edits through the adapter (accepted),
        # else on the next pass of the event loop.
        self._recheck = QTimer(self, singleShot=True, interval=0)
        self._recheck.timeout.connect(self.refresh)
        adapter.walkChanged.connect(self._walk_changed)
        adapter.accepted.connect(self.refresh)
        adapter.cursorMoved.connect(self._show_window)
        signals().changed.connect(self.view.follow_theme)
        self.refresh()

    # -- state for tests and scripts -------------------------------------------------------
    @property
    def active(self) -> bool:
        """Whether the lesson has a photo (the window shows this panel only then)."""
        return self._active

    @property
    def values(self) -> np.ndarray | None:
        """The filtered photo as computed (``model.filter_photo``), before display scaling."""
        return self._values

    @property
    def patch_region(self) -> tuple[int, int, int, int] | None:
        """The walked patch, ``(top, left, height, width)`` in photo pixels, if any."""
        cut = self._adapter.model.photo_cut
        return cut.region if self._active and cut is not None else None

    @property
    def per_channel(self) -> bool:
        """The photo editor's meaning (each channel alone) rather than the CNN's (summed)."""
        return self._adapter.model.display.choices.per_channel

    @property
    def clipped(self) -> bool:
        return self._adapter.model.display.choices.photo_values == "clip"

    def _display_changed(self, fields: frozenset[str]) -> None:
        if fields & {"photo_meaning", "photo_values"}:
            self.refresh()

    # -- redrawing ---------------------------------------------------------------------------
    def _walk_changed(self) -> None:
        self.refresh()  # now: a kernel edit redraws the whole photo in the same frame
        self._recheck.start()

    def refresh(self) -> None:
        """Recompute and redraw the filtered photo if anything it depends on changed."""
        model = self._adapter.model
        photo = model.photo
        self._set_active(photo is not None)
        if photo is None:
            return
        self._sync_controls()
        cut = model.photo_cut
        if cut is None or model.channels != (3 if cut.colour else 1):  # grid replaced since
            self._shown = self._values = None
            self.view.clear_image()
            self._caption(f"The input grid no longer comes from {photo.name}.")
            return
        key = (
            id(photo),
            cut.colour,
            model.layer.weights[model.selected].tobytes(),
            model.layer.biases[model.selected],
            model.layer.relu,
            model.settings,
            self.per_channel,
            self.clipped,
        )
        if key != self._shown:
            self._photo, self._shown = photo, key
            self._draw(photo)
        self._show_patch()
        self._show_window()

    def _draw(self, photo: Photo) -> None:
        model = self._adapter.model
        self._values = values = model.filter_photo(per_channel=self.per_channel)
        fixed = (0.0, 255.0) if self.per_channel and self.clipped else None
        (lo, hi), image = extremes_and_image(values, fixed)
        if self.per_channel:
            lut, levels = None, fixed or (lo, hi)
        else:  # only the extremes matter for the colour scale: don't scan the map twice
            lut32, levels = lut_for(np.array([lo, hi]), clip=self.clipped)
            lut = _rgba(lut32)
        photo_h, photo_w = photo.pixels.shape[:2]
        self.view.show_image(
            to_uint8(values, levels) if image is None else image,
            lut,
            _placement(model.geometry, values.shape[-2:]),
            QRectF(0, 0, photo_w, photo_h),
        )
        self._caption(self._describe(photo, (lo, hi), levels))

    def _caption(self, text: str) -> None:
        """Show ``text`` under the photo; its room only grows while the photo stays.

        Each typed weight changes the caption's numbers: a caption that took one line
        fewer shrank the photo above it, and the whole 1920×1080 photo was drawn again.
        """
        self.caption.setText(text)
        needed = self.caption.heightForWidth(self.caption.width())
        if needed > self.caption.minimumHeight():
            self.caption.setMinimumHeight(needed)

    def _describe(
        self, photo: Photo, extremes: tuple[float, float], levels: tuple[float, float]
    ) -> str:
        """Say what is on screen: which photo, which meaning, how values became colours."""
        model = self._adapter.model
        height, width = photo.pixels.shape[:2]
        note = f" ({photo.note})" if photo.note else ""
        if not (model.photo_cut and model.photo_cut.colour):
            meaning = "the grey photo filtered"
        elif self.per_channel:
            meaning = "R, G and B each filtered on their own, as a photo editor does"
        else:
            meaning = "the R, G and B sums added into one map, as a CNN layer does"
        span = " to ".join(format_number(v) for v in extremes)
        if self.clipped:
            how = "clipped to 0–255"
        else:
            how = f"colours spread over {' to '.join(format_number(v) for v in levels)}"
        return f"{photo.name}, {width}×{height}{note}: {meaning}. Values {span}, {how}."

    def _show_patch(self) -> None:
        region = self.patch_region
        if region is None:
            self.view.patch.hide()
            return
        top, left, height, width = region
        self.view.patch.setRect(QRectF(left, top, width, height))
        self.view.patch.show()

    def _show_window(self) -> None:
        """Outline, on the whole photo, the pixels under the walk's current window."""
        model = self._adapter.model
        step = model.current_step
        photo = model.photo
        if not self._active or self._shown is None or step is None or photo is None:
            self.view.window.hide()
            return
        (y0, x0), (sy, sx) = _input_origin(model, photo)
        top, left = step.rows.min(), step.cols.min()
        rows, cols = step.rows.max() + 1 - top, step.cols.max() + 1 - left
        self.view.window.setRect(QRectF(x0 + left * sx, y0 + top * sy, cols * sx, rows * sy))
        self.view.window.show()

    def _set_active(self, active: bool) -> None:
        if active != self._active:
            self._active = active
            if not active:
                self._shown = self._values = self._photo = None
                self.view.clear_image()
                self.caption.setMinimumHeight(0)  # the next photo's caption starts afresh
            self.activeChanged.emit(active)

    def _sync_controls(self) -> None:
        """Show the lesson's photo choices without sending them back as new edits."""
        cut = self._adapter.model.photo_cut
        if cut is None:
            return
        region = cut.region
        for check, on in ((self.colour, cut.colour), (self.patch, region is not None)):
            with QSignalBlocker(check):
                check.setChecked(on)
        if cut.longest_side is not None:
            set_quietly(self.walk_size, cut.longest_side)
        if region is not None:
            set_quietly(self.patch_size, max(region[2:]))
        self.walk_size.setEnabled(region is None)

    # -- changing the lesson -----------------------------------------------------------------
    def _set_view(self, **changes: Any) -> None:
        """Walk the photo another way (colour, size or patch); on refusal, undo the control."""
        model = self._adapter.model
        if model.photo is None:
            return
        cut = asdict(replace(model.photo_cut or PhotoCut(), **changes))
        # Placing the patch click after click, or stepping the size, is one undo step.
        walk = partial(model.set_photo, model.photo, **cut)
        if not self._adapter.attempt(walk, name="how the photo is walked", merge="photo view"):
            self._sync_controls()

    def _patch_toggled(self, on: bool) -> None:
        photo = self._adapter.model.photo
        if photo is not None:
            height, width = photo.pixels.shape[:2]
            self._set_view(region=self._patch_at(photo, height // 2, width // 2) if on else None)

    def _patch_resized(self) -> None:
        region, photo = self.patch_region, self._adapter.model.photo
        if region is not None and photo is not None:
            top, left, height, width = region
            self._set_view(region=self._patch_at(photo, top + height // 2, left + width // 2))

    def _move_patch(self, row: float, col: float) -> None:
        """A click or drag on the photo walks the patch centred on that pixel."""
        photo = self._adapter.model.photo
        if photo is None:
            return
        region = self._patch_at(photo, int(row), int(col))
        if region != self.patch_region:
            self._set_view(region=region)

    def _patch_at(self, photo: Photo, row: int, col: int) -> tuple[int, int, int, int]:
        """The patch of the chosen size centred on pixel ``(row, col)``, inside the photo."""
        photo_h, photo_w = photo.pixels.shape[:2]
        height, width = min(self.patch_size.value(), photo_h), min(self.patch_size.value(), photo_w)
        top = min(max(0, row - height // 2), photo_h - height)
        left = min(max(0, col - width // 2), photo_w - width)
        return top, left, height, width


def _input_origin(
    model: ConvModel, photo: Photo
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where input cell (0, 0) sits on the photo and how many photo pixels a cell spans."""
    region = model.photo_cut.region if model.photo_cut else None
    if region is not None:
        return (region[0], region[1]), (1.0, 1.0)
    photo_h, photo_w = photo.pixels.shape[:2]
    rows, cols = model.input.shape[-2:]
    return (0.0, 0.0), (photo_h / rows, photo_w / cols)


def _placement(geometry: Geometry, out_shape: tuple[int, int]) -> QRectF:
    """Where the filtered image goes over the photo: each value at its window's centre."""
    (sy, sx), ((top, _), (left, _)) = geometry.stride, geometry.pads
    span_y, span_x = geometry.window_span
    rows, cols = out_shape
    return QRectF(-left + (span_x - sx) / 2, -top + (span_y - sy) / 2, cols * sx, rows * sy)


def _rgba(lut32: np.ndarray) -> np.ndarray:
    """The theme's ``0xAARRGGBB`` table as the ``(256, 4)`` uint8 RGBA pyqtgraph takes."""
    return np.stack([(lut32 >> shift) & 255 for shift in (16, 8, 0, 24)], axis=1).astype(np.uint8)
