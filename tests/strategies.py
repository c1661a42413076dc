"""Hypothesis strategies shared by the numerical tests: settings and fitting grids."""

from __future__ import annotations

import numpy as np
from conv_reference import NP_MODES, as_pair, fill_fits, resolve_pads
from hypothesis import strategies as st

small_ints = st.integers(-3, 3).map(float)
one_or_pair = st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3)))
pad_amount = st.integers(0, 3)
padding_specs = st.one_of(
    pad_amount,
    st.tuples(pad_amount, pad_amount),
    st.tuples(st.tuples(pad_amount, pad_amount), st.tuples(pad_amount, pad_amount)),
    st.sampled_from(["valid", "same", "full"]),
)


def grid(draw, shape, elements):
    size = int(np.prod(shape))
    return np.array(draw(st.lists(elements, min_size=size, max_size=size))).reshape(shape)


def walk_settings(draw, kh, kw, room):
    """Stride, dilation, padding, fill and flip, and an input size ``(h, w)`` they fit.

    The input is at least as large as the (dilated, padded) window needs and at most
    ``room`` cells larger, so every drawn combination has an output.
    """
    settings = {
        "stride": draw(one_or_pair),
        "dilation": draw(one_or_pair),
        "padding": draw(padding_specs),
        "padding_mode": draw(st.sampled_from(list(NP_MODES))),
        "flip": draw(st.booleans()),
    }
    dilation = as_pair(settings["dilation"])
    unpadded = resolve_pads(settings["padding"], (1, 1), (kh, kw), 1, dilation)
    shape = []
    for k, d, (before, after) in zip((kh, kw), dilation, unpadded, strict=True):
        smallest = max(1, d * (k - 1) + 1 - before - after)
        shape.append(draw(st.integers(smallest, smallest + room)))

    # A reflection or a wrap needs an input wider than its padding (PyTorch's limits):
    # grow the input until it is ("same" padding depends on the input's size).
    def pads():
        return resolve_pads(settings["padding"], shape, (kh, kw), settings["stride"], dilation)

    while not fill_fits(settings["padding_mode"], shape, pads()):
        shape = [n + 1 for n in shape]
    return settings, tuple(shape)
