"""The lesson state: input, a layer of feature detectors, the walk and how far it has gone.

One :class:`ConvModel` is shared by every view.  It imports no Qt: views observe it
through :meth:`ConvModel.subscribe` (the Qt adapter turns the notifications into
signals).  Every setter validates first and changes nothing when it refuses, so a
bad value typed in class never leaves the walk half-updated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

import numpy as np

from convviz.core.captions import Captions
from convviz.core.convolution import Geometry, Pair, as_finite, correlate_padded, pad
from convviz.core.display import DisplayState
from convviz.core.observable import Observable
from convviz.core.patterns import SEED_INPUT, SEED_KERNEL
from convviz.core.photo import Photo, PhotoCut
from convviz.core.photo import grey as photo_grey
from convviz.core.stages import PoolingStage, StageName, TransposedStage
from convviz.core.walk import Step, Walk


@dataclass(frozen=True)
class Change:
    """What a notification is about.

    ``"cursor"``: only the cursor moved (from ``old_cursor``); the maps are unchanged, so a
    view updates just the cells between the two cursors.  ``"walk"``: the input, kernel or
    geometry changed; everything derived was recomputed and views redraw.
    """

    kind: Literal["cursor", "walk"]
    old_cursor: int


@dataclass(frozen=True)
class WalkSettings:
    """How the window moves, as the user set it (``padding`` may be a name like "same")."""

    stride: int | Pair = 1
    padding: int | tuple | str = 0
    dilation: int | Pair = 1
    padding_mode: str = "zeros"
    flip: bool = False


MAX_KERNELS = 8
#: The largest grids a class can watch being walked, cell by cell, without the window
#: stalling (larger ones took seconds per step to draw, or 40 s to open): lessons, photos
#: at full size and the Python API's model are refused beyond them, with these numbers.
MAX_INPUT_SIDE = 512
MAX_KERNEL_SIDE = 15
PhotoAndCut = tuple[Photo | None, PhotoCut | None]
_NO_PHOTO: PhotoAndCut = (None, None)


@dataclass(frozen=True)
class Layer:
    """The feature detectors of one convolutional layer: same size, one bias each.

    ``weights`` is ``(N, C, kh, kw)``: N kernels, each spanning the input's C channels.
    """

    weights: np.ndarray
    names: tuple[str, ...]
    biases: tuple[float, ...]
    relu: bool = False

    def with_kernel(self, index: int, weights: np.ndarray) -> Layer:
        """Replace kernel ``index``; the others are cropped or extended to its size."""
        kh, kw = weights.shape[-2:]
        resized = [
            weights if i == index else _resized(w, kh, kw) for i, w in enumerate(self.weights)
        ]
        return replace(self, weights=_frozen(np.stack(resized)))


@dataclass(frozen=True, eq=False)
class LessonState:
    """Everything a lesson file records except how far the walk has gone.

    Taken before and after each edit so the window can undo it; the arrays are the
    model's own read-only ones, so a state costs a few references, not a copy.
    """

    input: np.ndarray
    layer: Layer
    selected: int
    settings: WalkSettings
    photo: Photo | None
    cut: PhotoCut | None
    captions: tuple[tuple[int, str], ...] = ()

    def same_as(self, other: LessonState) -> bool:
        """Equal as a learner would see it: the same numbers, names and settings."""
        return (
            self.selected == other.selected
            and self.settings == other.settings
            and self.photo is other.photo
            and self.cut == other.cut
            and self.captions == other.captions
            and self.layer.names == other.layer.names
            and self.layer.biases == other.layer.biases
            and self.layer.relu == other.layer.relu
            and _same_array(self.input, other.input)
            and _same_array(self.layer.weights, other.layer.weights)
        )


class ConvModel(Observable[[Change]]):
    """The convolution lesson as plain NumPy state plus a cursor over the walk.

    The input is ``(H, W)`` or ``(C, H, W)`` (a colour photo has C = 3); the layer holds
    1 to 8 kernels of depth C.  The walk, the arithmetic and ``revealed`` follow the
    *selected* kernel; ``feature_maps`` has every kernel's map, all walking in step.
    """

    def __init__(
        self,
        input: object = SEED_INPUT,
        kernel: object = SEED_KERNEL,
        **settings: Any,
    ) -> None:
        """``settings`` are the fields of :class:`WalkSettings` (stride, padding, …)."""
        super().__init__()
        #: How the class sees the numbers (photo meaning, clip or rescale, channel shown):
        #: lesson state with observers of its own, saved in lesson files.
        self.display = DisplayState()
        #: The instructor's words per step (saved in lesson files, drawn in exports).
        self.captions = Captions()
        #: A classroom activity that may hold the next step, whichever stage it belongs
        #: to (:attr:`next_stage`): :meth:`step` asks it first and reveals nothing when it
        #: returns ``True`` (the quiz asks before revealing a map or a pooled cell).
        self.step_hold: Callable[[], bool] | None = None
        self._input = _as_channels(input, "input")
        depth = self._input.shape[0]
        first = _kernel_for(kernel, depth)
        self._layer = Layer(_frozen(first[np.newaxis]), ("Feature detector",), (0.0,))
        self._selected = 0
        self._photo: Photo | None = None
        self._cut: PhotoCut | None = None
        self._photo_cache: tuple[object, np.ndarray] = (None, np.zeros((1, 1, 1), np.float32))
        self._settings = WalkSettings()
        self._cursor = 0
        #: The stages around the convolution (see :mod:`convviz.core.stages` for how Step
        #: walks them): pooling of the selected map, and the transposed mode.
        self.pooling = PoolingStage(lambda kind: self._notify(kind, self._cursor))
        self.transposed = TransposedStage(lambda kind: self._notify(kind, self._cursor))
        self._apply(**settings)

    # -- observing (``subscribe``: ``observer(change)`` after every change) ---------------
    def _notify(self, kind: Literal["cursor", "walk"], old_cursor: int) -> None:
        self._emit(Change(kind, old_cursor))

    # -- state -----------------------------------------------------------------------
    @property
    def input(self) -> np.ndarray:
        """The input: ``(H, W)``, or ``(C, H, W)`` with several channels (read-only)."""
        return self._input[0] if self.channels == 1 else self._input

    @property
    def channels(self) -> int:
        """Input channels: 1 for a grid or a grey photo, 3 for a colour one."""
        return self._input.shape[0]

    @property
    def kernel(self) -> np.ndarray:
        """The selected feature detector as the user wrote it (read-only view)."""
        weights = self._layer.weights[self._selected]
        return weights[0] if self.channels == 1 else weights

    @property
    def layer(self) -> Layer:
        """Every kernel of the layer with names, biases and the ReLU switch."""
        return self._layer

    @property
    def selected(self) -> int:
        """Index of the kernel in the editor, the walk and the arithmetic."""
        return self._selected

    @property
    def settings(self) -> WalkSettings:
        return self._settings

    @property
    def stride(self) -> Pair:
        """``(rows, columns)`` the window moves per step."""
        return self._geometry.stride

    @property
    def dilation(self) -> Pair:
        return self._geometry.dilation

    @property
    def flip(self) -> bool:
        """``True``: true convolution (kernel rotated 180°); ``False``: cross-correlation."""
        return self._settings.flip

    @property
    def applied_kernel(self) -> np.ndarray:
        """The kernel as it is laid over the input (rotated in convolution mode)."""
        weights = self._walk.weights
        return weights[0] if self.channels == 1 else weights

    @property
    def geometry(self) -> Geometry:
        return self._geometry

    @property
    def cursor(self) -> int:
        """How many feature-map cells are revealed, ``0 … total_steps``."""
        return self._cursor

    @property
    def total_steps(self) -> int:
        return len(self._walk)

    @property
    def walk(self) -> Walk:
        return self._walk

    @property
    def padded_input(self) -> np.ndarray:
        """The input with its padded border, as the window sees it (channels first if C > 1)."""
        return self._walk.padded[0] if self.channels == 1 else self._walk.padded

    @property
    def feature_maps(self) -> np.ndarray:
        """Every kernel's complete map, ``(N, H', W')``: bias added, ReLU if switched on."""
        return self._maps

    @property
    def pre_activation(self) -> np.ndarray:
        """Every map before ReLU, ``(N, H', W')``: where it is negative, ReLU zeroes the cell."""
        return self._pre_activation

    @property
    def feature_map(self) -> np.ndarray:
        """The selected kernel's complete feature map (read-only view)."""
        return self._map

    @property
    def revealed(self) -> np.ndarray:
        """The feature map as the learner has seen it so far: NaN where not yet revealed."""
        out = self._map.copy()
        out.reshape(-1)[self._cursor :] = np.nan
        return out

    @property
    def current_step(self) -> Step | None:
        """The step just taken (the most recently revealed cell), or ``None`` at the start."""
        return self._walk.step(self._cursor - 1) if self._cursor else None

    # -- changing the lesson -------------------------------------------------------------
    def set_input(self, array: object) -> None:
        """Replace the input (no longer a photo's); kernels follow a change of channels."""
        self._replace_input(array, _NO_PHOTO)

    def _replace_input(self, array: object, photo: PhotoAndCut) -> None:
        new_input = _as_channels(array, "input")
        depth = new_input.shape[0]
        layer = None
        if depth != self.channels:
            weights = np.stack(
                [_kernel_for(w if depth > 1 else w[0], depth) for w in self._layer.weights]
            )
            layer = replace(self._layer, weights=_frozen(weights))
        self._apply(input=new_input, layer=layer, photo=photo)
        self._forget_channel_choice()

    def _forget_channel_choice(self) -> None:
        """A grey input has no channel to pick: the next colour one starts whole."""
        if self.channels == 1:
            self.display.update(input_channel="colour", kernel_channel="all")

    def set_input_cell(self, row: int, col: int, value: float) -> None:
        """Change one input cell in every channel (painting on the grid)."""
        self._check_cell(self._input, row, col)
        updated = self._input.copy()
        updated[:, row, col] = float(as_finite(value, "input"))
        self._apply(input=_frozen(updated))

    def resize_input(self, rows: int, cols: int) -> None:
        """Change the grid size, keeping the cells that still fit (new cells are 0)."""
        self._apply(input=_resized(self._input, rows, cols, "input"))

    def set_kernel(self, array: object) -> None:
        """Replace the selected feature detector.

        A 2-D matrix on a colour input is used on every channel (a photo filter's
        meaning); a different size resizes the layer's other kernels to match.
        """
        weights = _kernel_for(array, self.channels)
        self._apply(layer=self._layer.with_kernel(self._selected, weights))

    def set_kernel_weight(
        self, row: int, col: int, value: float, channel: int | None = None
    ) -> None:
        """Change one weight of the selected kernel, in one channel or in all of them."""
        weights = self._layer.weights[self._selected].copy()
        self._check_cell(weights, row, col)
        if channel is not None and not 0 <= channel < self.channels:
            raise ValueError(f"There is no channel {channel}: the input has {self.channels}.")
        weights[slice(None) if channel is None else channel, row, col] = float(
            as_finite(value, "kernel")
        )
        self._apply(layer=self._layer.with_kernel(self._selected, _frozen(weights)))

    def resize_kernel(self, rows: int, cols: int) -> None:
        """Change every kernel's size, keeping the weights that still fit (new ones are 0)."""
        weights = np.stack([_resized(w, rows, cols) for w in self._layer.weights])
        self._apply(layer=replace(self._layer, weights=_frozen(weights)))

    def replace_with(self, other: ConvModel) -> None:
        """Take over every part of ``other`` (a lesson opened from a file).

        The views hold this model, not the lesson's: opening a file changes the model's
        contents, never which model the window shows.
        """
        self._take(other, (other._photo, other._cut))

    def snapshot(self) -> LessonState:
        """The lesson as it stands (not the cursor: stepping the walk is not an edit)."""
        return LessonState(
            self._input,
            self._layer,
            self._selected,
            self._settings,
            self._photo,
            self._cut,
            tuple(self.captions.items().items()),
        )

    def restore(self, state: LessonState) -> None:
        """Go back (or forward) to ``state``; the walk keeps its cursor, cut to the new total."""
        self._apply(
            input=state.input,
            layer=state.layer,
            selected=state.selected,
            photo=(state.photo, state.cut),
            **asdict(state.settings),
        )
        self._forget_channel_choice()
        self.captions.replace(dict(state.captions))

    def copy(self) -> ConvModel:
        """The same lesson in a model of its own, with no observers: an export walks it.

        The photo the grid was cut from, and the cut, come along (shared: a photo is never
        changed in place), so an export draws the whole-photo panel the class sees.
        """
        twin = ConvModel()
        twin._take(self, (self._photo, self._cut))
        return twin

    def _take(self, other: ConvModel, photo: PhotoAndCut) -> None:
        self.display.set(other.display.choices)
        self.captions.replace(other.captions.items())
        self._apply(
            input=other._input,
            layer=other._layer,
            selected=other._selected,
            photo=photo,
            **asdict(other._settings),
        )
        self.seek(other.cursor)
        self.pooling.take(other.pooling)
        self.transposed.take(other.transposed)
        self._notify("walk", self._cursor)  # the views saw the stages before they were taken

    # -- photographs ------------------------------------------------------------------
    @property
    def photo(self) -> Photo | None:
        """The photograph the input was taken from, or ``None`` for a drawn grid."""
        return self._photo

    @property
    def photo_cut(self) -> PhotoCut | None:
        """How the input was cut from the photo (``None`` without a photo)."""
        return self._cut

    def set_photo(
        self,
        photo: Photo,
        *,
        colour: bool = False,
        longest_side: int | None = 16,
        region: tuple[int, int, int, int] | None = None,
    ) -> None:
        """Walk over a photo: shrunk to ``longest_side`` pixels, or a full-size ``region``.

        The photo itself stays available (:meth:`filter_photo`) so the whole filtered
        picture can be shown beside the step-by-step walk of its small version.
        """
        cut = PhotoCut(bool(colour), longest_side, region)
        if region is not None:
            top, left, height, width = region
            rows, cols = photo.pixels.shape[:2]
            if (
                top < 0
                or left < 0
                or height < 1
                or width < 1
                or top + height > rows
                or left + width > cols
            ):
                raise ValueError(f"The patch {region} does not fit in the {cols}×{rows} photo.")
        self._replace_input(cut.grid(photo.pixels), (photo, cut))

    def clear_photo(self) -> None:
        """Forget the photo (the input grid stays as it is)."""
        self._apply(photo=_NO_PHOTO)

    def filter_photo(self, *, per_channel: bool = True) -> np.ndarray:
        """The whole photo through the selected kernel, with the walk's settings.

        ``per_channel=True`` is the photo editor's meaning: each colour channel filtered
        on its own, ``(C, H', W')``.  ``False`` is the CNN's: summed over channels,
        ``(H', W')``.  Bias and ReLU are applied as on the feature maps.
        """
        photo = self._photo
        if photo is None:
            raise ValueError("There is no photo: open one first.")
        weights = self._walk.weights  # (C, kh, kw), as applied
        geometry_args = asdict(self._settings)
        geometry_args.pop("flip")
        geometry = Geometry.build(photo.pixels.shape[:2], weights.shape[-2:], **geometry_args)
        padded = self._padded_photo(photo, geometry)
        if per_channel:  # one "layer" per channel: kernel c sees channel c only
            depthwise = np.zeros((len(weights), *weights.shape), dtype=weights.dtype)
            depthwise[np.arange(len(weights)), np.arange(len(weights))] = weights
            out = correlate_padded(padded, depthwise, geometry, dtype=np.float32)
        else:
            out = correlate_padded(padded, weights[np.newaxis], geometry, dtype=np.float32)[0]
        bias = self._layer.biases[self._selected]
        if bias:
            out += np.float32(bias)
        return np.maximum(out, 0.0, out=out) if self._layer.relu else out

    def _padded_photo(self, photo: Photo, geometry: Geometry) -> np.ndarray:
        """The whole photo as the filter reads it: ``(C, H, W)`` float32, padded, made once.

        Kept between edits because building it (a conversion and a padded copy of the
        photo) costs a quarter of a live redraw; float32 halves the memory traffic of
        live filtering, and a photo's 0–255 values and small kernels lose nothing to it.
        """
        colour = self._cut is not None and self._cut.colour
        key = (id(photo), colour, geometry.pads, geometry.padding_mode)
        if self._photo_cache[0] != key:
            pixels = photo.pixels
            source = np.moveaxis(pixels, -1, 0) if colour else photo_grey(pixels)[np.newaxis]
            source = np.ascontiguousarray(source, dtype=np.float32)
            self._photo_cache = (key, pad(source, geometry.pads, geometry.padding_mode))
        return self._photo_cache[1]

    # -- the layer -------------------------------------------------------------------
    def add_kernel(self, weights: object = None, name: str | None = None) -> None:
        """Append a kernel (a copy of the selected one by default) and select it."""
        count = len(self._layer.names)
        if count >= MAX_KERNELS:
            raise ValueError(f"A layer here holds at most {MAX_KERNELS} kernels.")
        new = (
            self._layer.weights[self._selected]
            if weights is None
            else _kernel_for(weights, self.channels)
        )
        if new.shape != self._layer.weights.shape[1:]:
            kh, kw = self._layer.weights.shape[-2:]
            raise ValueError(f"Every kernel of a layer has the same size: use {kh}×{kw}.")
        layer = Layer(
            _frozen(np.concatenate([self._layer.weights, new[np.newaxis]])),
            (*self._layer.names, _check_name(name or f"Detector {count + 1}")),
            (*self._layer.biases, 0.0),
            self._layer.relu,
        )
        self._apply(layer=layer, selected=count)

    def set_layer(
        self,
        weights: object,
        *,
        biases: object = None,
        relu: bool | None = None,
        input: object = None,
        name: str = "Detector",
    ) -> None:
        """Put a whole layer in at once: detectors learned by training or opened from a file.

        ``weights`` is ``(N, C, kh, kw)``, ``(N, kh, kw)`` or one ``(kh, kw)`` kernel;
        ``input`` (optional) replaces the input in the same change, so kernels of another
        depth or size than the current input's can come in with an input that fits them.
        """
        stack = np.asarray(weights, dtype=float)
        if stack.ndim == 2:
            stack = stack[np.newaxis]
        if stack.ndim not in (3, 4) or not 1 <= len(stack) <= MAX_KERNELS:
            raise ValueError(
                f"A layer takes 1 to {MAX_KERNELS} kernels of shape (C, kh, kw) or (kh, kw), "
                f"got an array of shape {stack.shape}."
            )
        new_input = self._input if input is None else _as_channels(input, "input")
        depth = new_input.shape[0]
        count = len(stack)
        bias = np.zeros(count) if biases is None else np.asarray(biases, dtype=float)
        if bias.shape != (count,) or not np.isfinite(bias).all():
            raise ValueError(f"Give one finite bias per kernel: {count} numbers.")
        layer = Layer(
            _frozen(np.stack([_kernel_for(w, depth) for w in stack])),
            tuple(_check_name(f"{name} {i + 1}") for i in range(count)),
            tuple(float(b) for b in bias),
            self._layer.relu if relu is None else bool(relu),
        )
        photo = None if input is None else _NO_PHOTO
        self._apply(input=new_input, layer=layer, selected=0, photo=photo)

    def remove_kernel(self, index: int) -> None:
        """Drop kernel ``index`` (a layer keeps at least one)."""
        self._check_index(index)
        if len(self._layer.names) == 1:
            raise ValueError("A layer needs at least one kernel.")
        keep = [i for i in range(len(self._layer.names)) if i != index]
        self._apply(layer=self._pick(keep), selected=min(self._selected, len(keep) - 1))

    def move_kernel(self, index: int, new_index: int) -> None:
        """Reorder: kernel ``index`` goes to position ``new_index`` (and stays selected)."""
        self._check_index(index)
        self._check_index(new_index)
        order = list(range(len(self._layer.names)))
        order.insert(new_index, order.pop(index))
        self._apply(layer=self._pick(order), selected=order.index(self._selected))

    def rename_kernel(self, index: int, name: str) -> None:
        self._check_index(index)
        names = list(self._layer.names)
        names[index] = _check_name(name)
        self._apply(layer=replace(self._layer, names=tuple(names)))

    def select_kernel(self, index: int) -> None:
        """Show kernel ``index`` in the editor, the walk and the arithmetic."""
        if not 0 <= index < len(self._layer.names):
            raise ValueError(
                f"There is no kernel {index + 1}: the layer has {len(self._layer.names)}."
            )
        self._apply(selected=index)

    def set_bias(self, bias: float, index: int | None = None) -> None:
        """The number added to a kernel's sums (the selected kernel by default)."""
        index = self._selected if index is None else self._check_index(index)
        biases = list(self._layer.biases)
        biases[index] = float(as_finite(bias, "bias"))
        self._apply(layer=replace(self._layer, biases=tuple(biases)))

    def set_relu(self, relu: bool) -> None:
        """Apply ReLU, ``max(0, x)``, after the bias: the layer's next step in the course."""
        self._apply(layer=replace(self._layer, relu=bool(relu)))

    @staticmethod
    def _check_cell(grid: np.ndarray, row: int, col: int) -> None:
        rows, cols = grid.shape[-2:]
        if not (0 <= row < rows and 0 <= col < cols):
            raise ValueError(f"Cell (row {row}, column {col}) is outside the {rows}×{cols} grid.")

    def _check_index(self, index: int) -> int:
        count = len(self._layer.names)
        if not 0 <= index < count:
            raise ValueError(f"There is no kernel {index + 1}: the layer has {count}.")
        return index

    def _pick(self, order: list[int]) -> Layer:
        return replace(
            self._layer,
            weights=_frozen(self._layer.weights[order]),
            names=tuple(self._layer.names[i] for i in order),
            biases=tuple(self._layer.biases[i] for i in order),
        )

    def set_stride(self, stride: int | Pair) -> None:
        """Move the window by ``stride`` cells (one number, or ``(rows, columns)``)."""
        self._apply(stride=stride)

    def set_padding(self, padding: int | tuple | str, padding_mode: str | None = None) -> None:
        """Pad the border, filling it with ``zeros``, ``reflect``, ``replicate`` or ``circular``.

        ``padding`` is a number, ``(rows, columns)``, ``((top, bottom), (left, right))``,
        ``"valid"``, ``"same"`` or ``"full"``.
        """
        mode = self._settings.padding_mode if padding_mode is None else padding_mode
        self._apply(padding=padding, padding_mode=mode)

    def set_dilation(self, dilation: int | Pair) -> None:
        """Spread the window's cells ``dilation`` apart (1 = touching)."""
        self._apply(dilation=dilation)

    def set_flip(self, flip: bool) -> None:
        """Switch between cross-correlation (CNNs) and true convolution (maths books)."""
        self._apply(flip=bool(flip))

    def _apply(
        self,
        *,
        input: np.ndarray | None = None,
        layer: Layer | None = None,
        selected: int | None = None,
        photo: PhotoAndCut | None = None,
        **changes: Any,
    ) -> None:
        """Validate the new combination, then commit it all at once and notify."""
        new_input = self._input if input is None else input
        new_layer = self._layer if layer is None else layer
        new_selected = self._selected if selected is None else selected
        settings = replace(self._settings, **changes)
        geometry_args = asdict(settings)
        flip = geometry_args.pop("flip")
        weights = new_layer.weights[:, :, ::-1, ::-1] if flip else new_layer.weights
        geometry = Geometry.build(new_input.shape[-2:], weights.shape[-2:], **geometry_args)
        padded = pad(new_input, geometry.pads, geometry.padding_mode)
        with np.errstate(over="ignore", invalid="ignore"):
            maps = correlate_padded(padded, weights, geometry)
            maps += np.asarray(new_layer.biases)[:, np.newaxis, np.newaxis]
        if not np.isfinite(maps).all():
            raise ValueError("The sums overflow: use smaller input values or weights.")
        self._pre_activation = _frozen(maps)
        self._maps = _frozen(np.maximum(maps, 0.0)) if new_layer.relu else self._pre_activation
        self._map = self._maps[new_selected]
        self._input, self._layer, self._selected = new_input, new_layer, new_selected
        if photo is not None:
            self._photo, self._cut = photo
        self._settings, self._geometry = settings, geometry
        self._walk = Walk(
            padded,
            weights[new_selected],
            geometry,
            bias=new_layer.biases[new_selected],
            relu=new_layer.relu,
        )
        old = self._cursor
        self._cursor = min(self._cursor, len(self._walk))
        if self._cursor < len(self._walk):
            self.pooling.rewind()
        self.pooling.follow(self._map)
        self.transposed.follow(self.input, self.kernel)
        self._notify("walk", old)

    # -- moving along the walk ---------------------------------------------------------
    def seek(self, n: int) -> None:
        """Reveal exactly ``n`` cells (clamped to ``0 … total_steps``)."""
        n = max(0, min(int(n), self.total_steps))
        if n != self._cursor:
            old, self._cursor = self._cursor, n
            if n < self.total_steps:
                self.pooling.rewind()  # pooling reads the complete map
            self._notify("cursor", old)

    @property
    def next_stage(self) -> StageName | None:
        """Which stage the next :meth:`step` walks, ``None`` when every one is complete.

        The one place that orders the stages, so a :attr:`step_hold` knows what it holds.
        """
        if self.transposed.active:
            return None if self.transposed.finished else "transposed"
        if self._cursor < self.total_steps:
            return "map"
        return None if self.pooling.finished else "pooling"

    def step(self) -> bool:
        """Take the next step: a map cell, then pooling (the transposed walk in its mode).

        ``False`` if every stage was already complete, or the next step is held
        (:attr:`step_hold`: the quiz asks before a map or pooled cell is revealed).
        """
        stage = self.next_stage
        if stage is None or (self.step_hold is not None and self.step_hold()):
            return False
        if stage == "transposed":
            return self.transposed.step()
        if stage == "pooling":
            return self.pooling.step()
        self.seek(self._cursor + 1)
        return True

    def step_back(self) -> bool:
        """Take back the newest step (pooling's first); ``False`` if nothing was shown."""
        if self.transposed.active:
            return self.transposed.step_back()
        if self.pooling.step_back():
            return True
        if self._cursor == 0:
            return False
        self.seek(self._cursor - 1)
        return True

    def reset(self) -> None:
        """Back to the start: the window before its first step, an empty map."""
        self.transposed.seek(0)
        self.seek(0)

    def end(self) -> None:
        """Reveal the whole map, and the whole of the stage after it."""
        if self.transposed.active:
            self.transposed.seek(len(self.transposed))
            return
        self.seek(self.total_steps)
        self.pooling.seek(len(self.pooling))

    @property
    def positions(self) -> int:
        """Steps of the whole lesson: the map's then pooling's, or the transposed walk's."""
        if self.transposed.active:
            return len(self.transposed)
        return self.total_steps + len(self.pooling)

    @property
    def position(self) -> int:
        """How many of :attr:`positions` are taken: where an export or a frame stands."""
        if self.transposed.active:
            return self.transposed.cursor
        return self._cursor + self.pooling.cursor

    def go_to(self, n: int) -> None:
        """Stand where Step, pressed ``n`` times from the start, reaches (pooling included)."""
        if self.transposed.active:
            self.transposed.seek(n)
            return
        self.seek(min(n, self.total_steps))
        self.pooling.seek(max(0, n - self.total_steps))

    @property
    def finished(self) -> bool:
        """Every stage walked to its end (the map, then pooling; or the transposed walk)."""
        if self.transposed.active:
            return self.transposed.finished
        return self._cursor == self.total_steps and self.pooling.finished


def _frozen(array: np.ndarray) -> np.ndarray:
    """Mark an array the model owns as read-only, so views can hold it safely."""
    array.flags.writeable = False
    return array


def _same_array(a: np.ndarray, b: np.ndarray) -> bool:
    return a is b or (a.shape == b.shape and bool(np.array_equal(a, b)))


def _as_channels(array: object, name: str) -> np.ndarray:
    """The model's own finite float64 copy, channels first: ``(C, H, W)``."""
    out = np.array(as_finite(array, name), dtype=np.float64)
    if out.ndim == 2:
        out = out[np.newaxis]
    if out.ndim != 3 or 0 in out.shape:
        raise ValueError(
            f"The {name} must be a non-empty grid, (H, W) or (C, H, W); got shape {out.shape}."
        )
    _check_sides(out.shape[-2], out.shape[-1], name)
    return _frozen(out)


def _check_sides(rows: int, cols: int, name: str) -> None:
    """Refuse a grid larger than the walk can show (:data:`MAX_INPUT_SIDE`, …)."""
    limit = MAX_INPUT_SIDE if name == "input" else MAX_KERNEL_SIDE
    if rows > limit or cols > limit:
        advice = (
            "shrink the photo or walk a smaller patch"
            if name == "input"
            else "use a smaller kernel"
        )
        raise ValueError(
            f"The {name} is {rows}×{cols}, larger than the {limit}×{limit} convviz walks "
            f"step by step: {advice}."
        )


def _kernel_for(kernel: object, channels: int) -> np.ndarray:
    """A kernel of depth ``channels``: a 2-D matrix is used on every channel."""
    weights = _as_channels(kernel, "kernel")
    if weights.shape[0] == 1 and channels > 1:
        weights = _frozen(np.repeat(weights, channels, axis=0))
    if weights.shape[0] != channels:
        raise ValueError(
            f"The kernel has {weights.shape[0]} channel(s) but the input has {channels}."
        )
    return weights


def _check_name(name: str) -> str:
    name = str(name).strip()
    if not name:
        raise ValueError("A kernel needs a name: type a few letters.")
    return name[:40]


def _resized(array: np.ndarray, rows: int, cols: int, name: str = "kernel") -> np.ndarray:
    """``array`` (any leading axes) cropped or zero-extended at the bottom/right."""
    if rows < 1 or cols < 1:
        raise ValueError(f"A grid needs at least one row and one column, got {rows}×{cols}.")
    _check_sides(rows, cols, name)
    out = np.zeros((*array.shape[:-2], rows, cols))
    h, w = min(rows, array.shape[-2]), min(cols, array.shape[-1])
    out[..., :h, :w] = array[..., :h, :w]
    return _frozen(out)
