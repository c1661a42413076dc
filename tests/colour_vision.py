"""How colours look with a colour-vision deficiency, to check the palettes by numbers.

About one man in twelve sees red and green poorly; a highlight that only differs from
its neighbour in hue can vanish for them.  The simulation is the Machado, Oliveira and
Fernandes (2009) model at full severity, applied in linear RGB.
"""

from __future__ import annotations

import numpy as np

#: Machado et al. 2009, severity 1.0, for linear RGB.
DEFICIENCIES: dict[str, np.ndarray] = {
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}


def _to_linear(srgb: np.ndarray) -> np.ndarray:
    c = srgb / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _to_srgb(linear: np.ndarray) -> np.ndarray:
    c = np.clip(linear, 0.0, 1.0)
    return 255.0 * np.where(c <= 0.0031308, c * 12.92, 1.055 * c ** (1 / 2.4) - 0.055)


def simulate(rgb: tuple[int, int, int], deficiency: str = "deuteranopia") -> np.ndarray:
    """The sRGB colour (0–255) a person with ``deficiency`` perceives for ``rgb``."""
    linear = _to_linear(np.asarray(rgb, dtype=np.float64))
    return _to_srgb(DEFICIENCIES[deficiency] @ linear)


def _lab(rgb: np.ndarray) -> np.ndarray:
    """CIE L*a*b* (D65) of an sRGB colour, for perceptual distances."""
    xyz = np.array(
        [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    ) @ _to_linear(rgb)
    xyz /= np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def difference(
    a: tuple[int, int, int], b: tuple[int, int, int], deficiency: str | None = None
) -> float:
    """CIE76 ΔE between two colours, as seen with ``deficiency`` (or normal vision).

    About 2 is just noticeable; above 20 two colours are clearly different at a glance.
    """
    if deficiency is not None:
        a, b = simulate(a, deficiency), simulate(b, deficiency)
    return float(np.linalg.norm(_lab(np.asarray(a, float)) - _lab(np.asarray(b, float))))
