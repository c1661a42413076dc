"""Photos in the window: opening (worker thread, drops, samples), live filtering, patches."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QRectF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QLabel,
    QMenu,
    QSpinBox,
    QTableView,
)
from window_helpers import child

import convviz.qt.window.photo_loader
from convviz import feature_map
from convviz.core.assets import bundled_photos
from convviz.core.photo import load_photo, photo_input
from convviz.core.presets import PRESETS
from convviz.qt.panels.photo_panel import PhotoPanel

SAMPLES = bundled_photos()
EDGE = PRESETS["Edge detect"].astype(float)


def open_photo(qtbot, window, path: Path) -> None:
    with qtbot.waitSignal(window.photo_loader.finished, timeout=10_000):
        window.photo_loader.load(path)


def panel(window) -> PhotoPanel:
    return child(window, PhotoPanel, "photoPanel")


def shown_image(window) -> np.ndarray:
    return panel(window).view.image.image


def as_shown(values: np.ndarray) -> np.ndarray:
    """What a photo editor shows: clipped to 0–255, channels last."""
    clipped = np.rint(np.clip(values, 0, 255)).astype(np.uint8)
    return np.moveaxis(clipped, 0, -1) if len(clipped) == 3 else clipped[0]


@pytest.fixture
def coffee_window(qtbot, window):
    open_photo(qtbot, window, SAMPLES["coffee.png"])
    window.model.set_kernel(EDGE)
    return window


def test_no_photo_no_dock(window):
    assert not child(window, QDockWidget, "photoDock").isVisible()
    assert not panel(window).active


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_sample_opens_as_a_small_grey_walk(qtbot, window, name):
    open_photo(qtbot, window, SAMPLES[name])
    pixels = load_photo(SAMPLES[name]).pixels
    assert window.model.photo.name == name
    np.testing.assert_array_equal(window.model.input, photo_input(pixels, longest_side=16))
    assert max(window.model.input.shape) == 16
    assert child(window, QDockWidget, "photoDock").isVisible()
    np.testing.assert_array_equal(panel(window).values, window.model.filter_photo())
    assert shown_image(window).shape == window.model.filter_photo().shape[1:]
    assert name in child(window, QLabel, "photoCaption").text()


def test_loading_does_not_block_the_window(qtbot, window):
    loader = window.photo_loader
    with qtbot.waitSignal(loader.finished, timeout=10_000):
        loader.load(SAMPLES["rocket.jpg"])
        assert loader.busy  # load() returned before the photo was decoded
        assert window.model.photo is None
    assert not loader.busy
    assert window.model.photo.name == "rocket.jpg"


def test_colour_and_walk_size_options(qtbot, coffee_window):
    window = coffee_window
    pixels = window.model.photo.pixels
    child(window, QCheckBox, "photoColourCheck").setChecked(True)
    np.testing.assert_array_equal(
        window.model.input, photo_input(pixels, colour=True, longest_side=16)
    )
    assert window.model.kernel.shape == (3, 3, 3)
    child(window, QSpinBox, "photoWalkSizeSpin").setValue(40)
    assert window.model.input.shape == (3, 27, 40)
    assert shown_image(window).shape == (398, 598, 3)
    assert shown_image(window).dtype == np.uint8
    child(window, QCheckBox, "photoColourCheck").setChecked(False)
    np.testing.assert_array_equal(window.model.input, photo_input(pixels, longest_side=40))


def test_the_next_photo_keeps_the_photo_options(qtbot, coffee_window):
    window = coffee_window
    child(window, QCheckBox, "photoColourCheck").setChecked(True)
    child(window, QSpinBox, "photoWalkSizeSpin").setValue(24)
    open_photo(qtbot, window, SAMPLES["chelsea.png"])
    assert window.model.photo.name == "chelsea.png"
    assert window.model.input.shape == (3, 16, 24)
    assert child(window, QCheckBox, "photoColourCheck").isChecked()


def _not_an_image(tmp_path: Path) -> Path:
    path = tmp_path / "holiday.jpg"
    path.write_bytes(b"GIF? no: a text file with a photo's name\n" * 20)
    return path


def _truncated(tmp_path: Path) -> Path:
    data = SAMPLES["coffee.png"].read_bytes()
    path = tmp_path / "half.png"
    path.write_bytes(data[: len(data) // 3])
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [(_not_an_image, "holiday.jpg is not an image"), (_truncated, "half.png could not be read")],
)
def test_a_broken_file_changes_nothing_and_says_why(qtbot, coffee_window, tmp_path, make, words):
    window = coffee_window
    model = window.model
    before = (model.input.copy(), model.kernel.copy(), model.photo, model.photo_cut)
    image = shown_image(window).copy()
    open_photo(qtbot, window, make(tmp_path))
    np.testing.assert_array_equal(model.input, before[0])
    np.testing.assert_array_equal(model.kernel, before[1])
    assert model.photo is before[2]
    assert model.photo_cut == before[3]
    np.testing.assert_array_equal(shown_image(window), image)
    bar = child(window, QLabel, "messageBar")
    assert bar.isVisible()
    assert words in bar.text()


def test_a_huge_photo_is_shrunk_with_a_message(qtbot, window, monkeypatch):
    monkeypatch.setattr(convviz.qt.window.photo_loader, "LIVE_PIXELS", 300 * 200)
    open_photo(qtbot, window, SAMPLES["coffee.png"])
    height, width = window.model.photo.pixels.shape[:2]
    assert (width, height) == (300, 200)
    bar = child(window, QLabel, "messageBar")
    assert bar.isVisible()
    assert "coffee.png, downscaled from 600×400 to 300×200" in bar.text()
    assert "downscaled from 600×400" in child(window, QLabel, "photoCaption").text()


def test_editing_a_weight_redraws_the_whole_photo(qtbot, coffee_window):
    window = coffee_window
    view = panel(window).view
    before_image = shown_image(window).copy()
    before_pixels = view.grab().toImage()
    table = child(window, QTableView, "kernelEditor")
    assert table.model().setData(table.model().index(1, 1), "-2")  # what typing "-2" does
    assert window.model.kernel[1, 1] == -2
    expected = window.model.filter_photo()
    np.testing.assert_array_equal(panel(window).values, expected)
    model = window.model  # the seed's settings: stride 1, no padding
    reference = feature_map(photo_input(model.photo.pixels), model.applied_kernel)
    np.testing.assert_array_equal(shown_image(window), as_shown(reference[np.newaxis]))
    assert not np.array_equal(shown_image(window), before_image)
    QApplication.processEvents()
    assert view.grab().toImage() != before_pixels  # and it was painted


def test_colour_photo_editor_versus_cnn_meaning(qtbot, coffee_window):
    window = coffee_window
    model = window.model
    child(window, QCheckBox, "photoColourCheck").setChecked(True)
    model.set_kernel(PRESETS["Box blur"])
    per_channel = model.filter_photo(per_channel=True)
    np.testing.assert_array_equal(shown_image(window), as_shown(per_channel))
    caption = child(window, QLabel, "photoCaption")
    assert "each filtered on their own" in caption.text()

    child(window, QComboBox, "photoMeaningCombo").setCurrentText("CNN layer")
    summed = model.filter_photo(per_channel=False)
    np.testing.assert_allclose(summed, per_channel.sum(axis=0), rtol=1e-5)  # float32 sums
    np.testing.assert_array_equal(panel(window).values, summed)
    assert shown_image(window).ndim == 2  # one map, drawn through a colour table
    assert panel(window).view.image.lut.shape == (256, 4)
    assert "added into one map" in caption.text()

    child(window, QComboBox, "photoDisplayCombo").setCurrentText("Rescale to full range")
    assert summed.min() >= 0
    assert summed.max() > 255  # clipped, most of the photo would be white
    expected = np.rint(np.clip(summed * (255 / summed.max()), 0, 255)).astype(np.uint8)
    np.testing.assert_array_equal(shown_image(window), expected)  # 0 … max over the colours
    assert "colours spread over 0 to" in caption.text()


def photo_pixel_at(view, row: int, col: int) -> tuple[QPoint, tuple[int, int]]:
    """The viewport point nearest photo pixel (row, col), and the pixel really under it.

    The dock shows a 600-pixel photo in about 200 screen pixels: a click lands within a
    few photo pixels of the one aimed at.
    """
    pos = view.pixel_center(row, col).toPoint()
    hit = view.photo_point(QPointF(pos))
    return pos, (int(hit.y()), int(hit.x()))


def test_patch_follows_a_click_and_walks_like_the_smiley(qtbot, coffee_window):
    window = coffee_window
    model = window.model
    view = panel(window).view
    grey = photo_input(model.photo.pixels)
    pos, (row, col) = photo_pixel_at(view, 100, 200)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert child(window, QCheckBox, "photoPatchCheck").isChecked()
    top, left = row - 6, col - 6  # the clicked pixel is the patch's centre
    assert panel(window).patch_region == (top, left, 12, 12)
    assert view.patch.isVisible()
    assert view.patch.rect() == QRectF(left, top, 12, 12)
    crop = grey[top : top + 12, left : left + 12]
    np.testing.assert_array_equal(model.input, crop)
    assert child(window, QDockWidget, "photoDock").isVisible()  # the whole photo stays

    expected = feature_map(crop, EDGE)
    assert model.total_steps == 100
    for n in range(1, 101):
        qtbot.keyClick(window, Qt.Key.Key_Right)
        revealed = model.revealed.reshape(-1)
        np.testing.assert_array_equal(revealed[:n], expected.reshape(-1)[:n])
        step = model.current_step
        assert view.window.rect() == QRectF(left + step.out_col, top + step.out_row, 3, 3)
    np.testing.assert_array_equal(panel(window).values, model.filter_photo())


def test_dragging_moves_the_patch_and_resizing_keeps_its_centre(qtbot, coffee_window):
    window = coffee_window
    view = panel(window).view
    child(window, QCheckBox, "photoPatchCheck").setChecked(True)
    assert panel(window).patch_region == (194, 294, 12, 12)  # the middle of the photo
    target, (row, col) = photo_pixel_at(view, 50, 60)
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(target),
        QPointF(view.viewport().mapToGlobal(target)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), move)
    assert panel(window).patch_region == (row - 6, col - 6, 12, 12)
    child(window, QSpinBox, "photoPatchSizeSpin").setValue(20)
    assert panel(window).patch_region == (row - 10, col - 10, 20, 20)
    assert window.model.input.shape == (20, 20)
    pos, _ = photo_pixel_at(view, 396, 596)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert panel(window).patch_region == (380, 580, 20, 20)  # kept inside the photo
    child(window, QCheckBox, "photoPatchCheck").setChecked(False)
    assert panel(window).patch_region is None
    assert window.model.input.shape == (11, 16)
    assert not view.patch.isVisible()


def drag_enter(mime: QMimeData) -> QDragEnterEvent:
    """What Qt sends when files are dragged over the window from a file manager.

    PySide6 6.12 (Python 3.12 and later) takes a QPointF and deprecates the QPoint that
    6.11 (Python 3.11, pinned below 6.12) alone accepts.
    """
    rest = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    try:
        return QDragEnterEvent(QPointF(100, 100), *rest)
    except TypeError:
        return QDragEnterEvent(QPoint(100, 100), *rest)


def test_a_dropped_photo_opens(qtbot, window):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLES["chelsea.png"]))])
    enter = drag_enter(mime)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(100, 100),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.photo_loader.finished, timeout=10_000):
        window.dropEvent(drop)
    assert window.model.photo.name == "chelsea.png"


def test_other_dragged_files_are_not_offered(window, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a photo")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(text)), QUrl("https://example.org/cat.png")])
    enter = drag_enter(mime)
    enter.ignore()
    window.dragEnterEvent(enter)
    assert not enter.isAccepted()


def test_sample_menu_opens_each_sample(qtbot, window):
    menu = window.findChild(QMenu, "samplePhotoMenu")
    names = [action.text() for action in menu.actions()]
    assert names == sorted(SAMPLES)
    with qtbot.waitSignal(window.photo_loader.finished, timeout=10_000):
        menu.actions()[names.index("camera.png")].trigger()
    assert window.model.photo.name == "camera.png"


def test_open_photo_key_asks_for_a_file(qtbot, window, monkeypatch):
    asked = []

    def choose(parent, caption, folder, filters):
        asked.append((caption, Path(folder).name, filters))
        return str(SAMPLES["coffee.png"]), filters

    monkeypatch.setattr(convviz.qt.window.photo_loader.QFileDialog, "getOpenFileName", choose)
    with qtbot.waitSignal(window.photo_loader.finished, timeout=10_000):
        qtbot.keyClick(
            window,
            Qt.Key.Key_O,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert asked == [("Open a photo", "photos", convviz.qt.window.photo_loader.IMAGE_FILTER)]
    assert window.model.photo.name == "coffee.png"


def test_a_photo_set_on_the_model_directly_is_shown(qtbot, window):
    photo = load_photo(SAMPLES["camera.png"])
    window.model.set_photo(photo, colour=True, longest_side=20)  # not through the adapter
    qtbot.waitUntil(lambda: panel(window).active)
    assert child(window, QDockWidget, "photoDock").isVisible()
    assert child(window, QCheckBox, "photoColourCheck").isChecked()
    assert child(window, QSpinBox, "photoWalkSizeSpin").value() == 20
    np.testing.assert_array_equal(panel(window).values, window.model.filter_photo())


def test_sums_over_a_photo_read_as_decimals_not_ninths(qtbot, window):
    """Box blur (typed ninths) over a photo: no "6821/9" on the colour bar or in the sums."""
    from convviz.qt.panels.color_bar import ColorBar

    open_photo(qtbot, window, SAMPLES["coffee.png"])
    window.model.set_kernel(PRESETS["Box blur"])
    window.model.seek(5)
    labels = child(window, ColorBar, "colorBar").labels()
    assert not any("/" in label for label in labels), labels
    arithmetic = child(window, QLabel, "arithmeticPanel").text()
    products = arithmetic.splitlines()[1]
    assert "×1/9" in products  # the weights as typed
    assert "/" not in products.rsplit("=", 1)[1]  # the sum as a decimal
    window.model.clear_photo()
    window.model.set_input(np.eye(7))  # drawn by the class: exact ninths again
    window.model.seek(1)
    products = child(window, QLabel, "arithmeticPanel").text().splitlines()[1]
    assert products.endswith("= 1/3")
