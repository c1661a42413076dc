"""Bring your own network: read a layer of kernels from a NumPy file or a PyTorch checkpoint.

Kernels trained elsewhere are numbers like any others, so the layer can walk them.  A
file is read only if it is a regular file below a size cap (a classroom tool opens
what a student hands it), NumPy files without pickles, checkpoints with PyTorch's
``weights_only=True``: no code in a file runs.  PyTorch is optional (``pip install
'convviz[torch]'``); without it a checkpoint gets a message saying how to add it.
"""

from __future__ import annotations

import importlib
import os
import stat
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

MAX_BYTES = 64 * 1024 * 1024  # a first layer is kilobytes; a whole big model is not needed
NUMPY_SUFFIXES = (".npy", ".npz")
TORCH_SUFFIXES = (".pt", ".pth", ".ckpt", ".bin")
_PREFERRED = ("kernels", "weight", "weights")  # .npz entries worth picking first


def load_kernels(path: str | os.PathLike[str]) -> np.ndarray:
    """The kernels in ``path`` as ``(N, C, k, k)`` float64.

    ``.npy``: an array of shape ``(N, C, kh, kw)``, ``(N, kh, kw)`` or ``(kh, kw)``.
    ``.npz``: its ``kernels`` (or ``weight``/``weights``) entry, else its only entry,
    else its first 4-D one.  ``.pt``/``.pth``/``.ckpt``/``.bin``: the first 4-D weight of a
    PyTorch ``state_dict`` (or of the ``state_dict`` inside a training checkpoint): the
    first convolution layer.
    """
    file = Path(path)
    _check_file(file)
    suffix = file.suffix.lower()
    if suffix == ".npy":
        array = _read_npy(file)
    elif suffix == ".npz":
        array = _read_npz(file)
    elif suffix in TORCH_SUFFIXES:
        array = _read_torch(file)
    else:
        raise ValueError(
            f"{file.name}: convviz reads kernels from .npy or .npz files and from PyTorch "
            f"checkpoints ({', '.join(TORCH_SUFFIXES)})."
        )
    return as_layer(array, file.name)


def as_layer(array: np.ndarray, source: str) -> np.ndarray:
    """``array`` as ``(N, C, kh, kw)`` float64, or a message saying what shape was expected."""
    if array.dtype.kind not in "biuf":
        raise ValueError(f"{source}: the kernels must be numbers, not {array.dtype}.")
    if array.ndim == 2:
        array = array[np.newaxis, np.newaxis]
    elif array.ndim == 3:
        array = array[:, np.newaxis]
    if array.ndim != 4 or 0 in array.shape:
        raise ValueError(
            f"{source}: expected kernels of shape (N, C, k, k), (N, k, k) or (k, k), "
            f"got {tuple(array.shape)}."
        )
    out = array.astype(np.float64)
    if not np.isfinite(out).all():
        raise ValueError(f"{source}: some weights are not finite numbers (NaN or infinity).")
    return out


def _check_file(file: Path) -> None:
    try:
        info = file.stat()
    except OSError as error:
        raise ValueError(f"{file.name}: cannot be read ({error.strerror}).") from error
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"{file.name} is not a regular file.")
    if info.st_size > MAX_BYTES:
        raise ValueError(
            f"{file.name} is {info.st_size / 2**20:.0f} MiB; kernel files are read up to "
            f"{MAX_BYTES // 2**20} MiB. Save only the first layer's weights."
        )


def _read_npy(file: Path) -> np.ndarray:
    try:
        return np.asarray(np.load(file, allow_pickle=False))
    except (ValueError, OSError, EOFError) as error:
        raise ValueError(f"{file.name} is not a NumPy array file ({error}).") from error


def _read_npz(file: Path) -> np.ndarray:
    try:
        with np.load(file, allow_pickle=False) as archive:
            arrays = {name: np.asarray(archive[name]) for name in archive.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as error:
        raise ValueError(f"{file.name} is not a NumPy .npz archive ({error}).") from error
    return _pick(arrays, file.name)


def _pick(arrays: Mapping[str, np.ndarray], source: str) -> np.ndarray:
    """The entry that holds the kernels (see :func:`load_kernels`)."""
    if not arrays:
        raise ValueError(f"{source} holds no arrays.")
    for name in _PREFERRED:
        if name in arrays:
            return arrays[name]
    if len(arrays) == 1:
        return next(iter(arrays.values()))
    for array in arrays.values():
        if array.ndim == 4:
            return array
    raise ValueError(
        f"{source} holds {', '.join(arrays)}: name the kernels 'kernels', or save one array."
    )


def _read_torch(file: Path) -> np.ndarray:
    try:  # imported by name: PyTorch is optional, and type checkers need not know it
        torch = importlib.import_module("torch")
    except ImportError:
        raise ValueError(
            f"{file.name} is a PyTorch checkpoint: reading it needs PyTorch. Install it with "
            "pip install 'convviz[torch]' (or save the weights with numpy.save)."
        ) from None
    try:
        state = torch.load(file, map_location="cpu", weights_only=True)
    except Exception:  # torch raises many kinds, with long advice: all mean the same here
        raise ValueError(
            f"{file.name} could not be read as weights: it is not a PyTorch checkpoint, or it "
            "holds more than weights (convviz reads with weights_only=True, running no code)."
        ) from None
    for key in ("state_dict", "model_state_dict", "model"):
        if isinstance(state, Mapping) and isinstance(state.get(key), Mapping):
            state = state[key]
    if isinstance(state, torch.Tensor):
        return np.asarray(state.detach().double().numpy())
    if not isinstance(state, Mapping):
        raise ValueError(f"{file.name} holds no state_dict (a dictionary of weights).")
    for value in state.values():
        if isinstance(value, torch.Tensor) and value.ndim == 4:
            return np.asarray(value.detach().double().numpy())
    raise ValueError(f"{file.name} has no convolution layer (no 4-D weight in its state_dict).")
