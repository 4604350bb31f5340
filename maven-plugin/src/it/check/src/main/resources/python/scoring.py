"""The sample's scoring functions, hinted as the Java client calls them."""
from dataclasses import dataclass

import numpy  # not installed when the build runs: the check reads the file, it does not import it


@dataclass
class Point:
    x: int
    y: int


def add(a: int, b: int) -> int:
    return a + b


def scale(value: float, *, factor: float = 1.0) -> float:
    return value * factor


def label(id: int) -> str:
    return "#" + str(id)


def ids(*, limit: int) -> list[int]:
    return list(range(limit))


def norm(point: Point) -> int:
    return abs(point["x"]) + abs(point["y"])
