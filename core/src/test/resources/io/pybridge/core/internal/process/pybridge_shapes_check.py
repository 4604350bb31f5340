"""Checks pybridge_shapes.shaped case by case; prints OK when all hold. Run by PythonShapesTest as
``python3 pybridge_shapes_check.py <folder of pybridge_shapes.py>``."""

import collections
import copy
import dataclasses
import datetime
import decimal
import enum
import sys

sys.path.insert(0, sys.argv[1])
import pybridge_shapes  # noqa: E402
from pybridge_shapes import MISSING, NotTransferable, shaped  # noqa: E402

TREE_TYPES = (type(None), bool, int, float, str, bytes, list, dict, set)
NATURAL = None


def only_tree_types(value, numpy=None):
    """Whether ``value`` holds the tree's exact types only (tuples and frozensets as keys and set items)."""
    if numpy is not None and type(value) is numpy.ndarray:
        return True
    if value is MISSING:
        return True
    if type(value) is list:
        return all(only_tree_types(item, numpy) for item in value)
    if type(value) is dict:
        return all(hashable_tree(k) and only_tree_types(v, numpy) for k, v in value.items())
    if type(value) is set:
        return all(hashable_tree(item) for item in value)
    return type(value) in TREE_TYPES


def hashable_tree(value):
    if type(value) in (tuple, frozenset):
        return all(hashable_tree(item) for item in value)
    return type(value) in (type(None), bool, int, float, str, bytes)


def same(value, shape, expected):
    result = shaped(value, shape)
    assert result == expected and type(result) is type(expected), (value, shape, result, expected)
    assert only_tree_types(result), result
    return result


def refused(value, shape, *fragments, path=""):
    try:
        shaped(value, shape)
    except NotTransferable as ex:
        assert isinstance(ex, TypeError)
        for fragment in fragments:
            assert fragment in str(ex), (str(ex), fragment)
        assert ex.path == path, (ex.path, path)
        return ex
    raise AssertionError("not refused: %r" % (value,))


class Color(enum.IntEnum):
    RED = 1


class Text(str):
    def __str__(self):
        return "overridden"


class Amount(float):
    pass


class Raw(bytes):
    pass


class Items(list):
    pass


@dataclasses.dataclass
class Rate:
    amount: float
    from_unit: str
    to_unit: str


class Plain:
    def __init__(self):
        self.amount = 1.5
        self.fromUnit = "exact"
        self.from_unit = "snake"

    @property
    def to_unit(self):
        raise RuntimeError("a failing property counts as missing")


class Defaulting(dict):
    def __missing__(self, key):
        return "made up"


Pair = collections.namedtuple("Pair", "amount from_unit to_unit")

RATE = ["r", [["amount", None, None], ["fromUnit", "from_unit", None], ["toUnit", "to_unit", None]]]
NAMED = ["r", [["from", None, None]]]


def scalars():
    for value in (None, True, False, 0, -5, 2 ** 100, -(2 ** 70), 1.5, float("inf"), "text", "\udc80", b"\x00"):
        same(value, NATURAL, value)
    nan = float("nan")
    assert shaped(nan) is nan  # nan != nan: compared by identity
    same(Color.RED, NATURAL, 1)
    same(Text("abc"), NATURAL, "abc")
    same(Amount(2.5), NATURAL, 2.5)
    same(Raw(b"r"), NATURAL, b"r")
    same(bytearray(b"ba"), NATURAL, b"ba")
    same(memoryview(b"mv"), NATURAL, b"mv")
    same(True, ["l", None], True)  # not list-like: sent as it is, Java says what it needed


def containers():
    same((1, (2, "x")), NATURAL, [1, [2, "x"]])
    same(Items([1, Color.RED]), NATURAL, [1, 1])
    same(frozenset({1, 2}), NATURAL, {1, 2})
    same({"b": 1, "a": (2,)}, NATURAL, {"b": 1, "a": [2]})
    assert list(shaped({"b": 1, "a": 2})) == ["b", "a"]
    same(collections.OrderedDict(x=1), NATURAL, {"x": 1})
    same(collections.defaultdict(list, y=[1]), NATURAL, {"y": [1]})
    same({(1, Color.RED): frozenset({(2, 3)})}, NATURAL, {(1, 1): {(2, 3)}})
    same({frozenset({1}): None}, NATURAL, {frozenset({1}): None})
    same({Color.RED: "red"}, NATURAL, {1: "red"})
    result = shaped({(1, Color.RED)})
    assert result == {(1, 1)} and type(next(iter(result))[1]) is int


def refusals():
    refused(datetime.datetime(2026, 1, 1), NATURAL, "a datetime.datetime cannot be sent back from a worker process",
            "(in-process it would be a PythonObject handle): return data such as str, int, float, list, dict")
    refused(decimal.Decimal("1.5"), NATURAL, "a decimal.Decimal cannot")
    refused(object(), NATURAL, "an object cannot")
    refused((x for x in ()), NATURAL, "a generator cannot")
    refused(len, NATURAL, "a builtin_function_or_method cannot")
    refused(sys, NATURAL, "a module cannot")
    refused(Rate(1, "a", "b"), NATURAL, "a __main__.Rate cannot")
    refused(1j, NATURAL, "a complex cannot")
    refused({"rows": [1, {2: datetime.date(2026, 1, 1)}]}, NATURAL, "(at [\"rows\"][1][2])", path='["rows"][1][2]')
    refused([Rate(1, "a", datetime.time())], ["l", RATE], "a datetime.time cannot", path="[0].toUnit")
    refused({"k": {datetime.date(2026, 1, 1): 1}}, NATURAL, "a datetime.date cannot", path='["k"]')
    refused({(1, object()): 1}, NATURAL, "an object cannot")
    refused(object(), ["l", None], "an object cannot")


def cycles_and_depth():
    looped = [1]
    looped.append(looped)
    refused(looped, NATURAL, "Python value nested deeper than 512 levels (or a container that contains itself)",
            path="[1]")
    loop_dict = {}
    loop_dict["self"] = loop_dict
    refused(loop_dict, NATURAL, "contains itself", path='["self"]')
    refused(looped, ["l", None], "contains itself", path="[1]")
    shared = [1]
    same([shared, shared], NATURAL, [[1], [1]])
    limit = sys.getrecursionlimit()
    deep = 1
    for _ in range(512):
        deep = [deep]
    shaped(deep)
    shaped(deep, ["l", None])
    shaped([deep[0]], ["l", None])
    refused([deep], NATURAL, "nested deeper than 512 levels", path="[0]" * 512)
    assert sys.getrecursionlimit() == limit, "the recursion limit is restored"
    empty_at_the_bottom = []
    for _ in range(512):
        empty_at_the_bottom = [empty_at_the_bottom]
    shaped(empty_at_the_bottom)


def discard_and_none():
    assert shaped(datetime.datetime.now(), "v") is None
    assert shaped([object()], "v") is None
    for shape in (RATE, ["l", None], ["m", None, None], NATURAL):
        assert shaped(None, shape) is None


def records():
    same({"amount": 1.5, "from_unit": "km", "toUnit": "mi"}, RATE, [1.5, "km", "mi"])
    same({"fromUnit": "exact", "from_unit": "snake", "amount": 1, "to_unit": "x"}, RATE, [1, "exact", "x"])
    same(Rate(2.0, "kg", "lb"), RATE, [2.0, "kg", "lb"])
    same(Pair(3, "l", "gal"), RATE, [3, "l", "gal"])
    same(Plain(), RATE, [1.5, "exact", MISSING, ["Plain", "attribute"]])
    same({"amount": 1}, RATE, [1, MISSING, MISSING, ["dict", "key"]])
    same(Defaulting(amount=1, from_unit="a"), RATE, [1, "a", MISSING, ["Defaulting", "key"]])
    same(5, RATE, [MISSING, MISSING, MISSING, ["int", "attribute"]])
    same({"from": "x", "from_": "y"}, NAMED, ["x"])
    same({"From": 1}, NAMED, [MISSING, ["dict", "key"]])
    same({}, ["r", []], [])
    report = ["r", [["rows", None, ["l", RATE]], ["byName", "by_name", ["m", None, RATE]], ["done", None, "v"]]]
    same({"rows": (Rate(1, "a", "b"),), "by_name": {"x": Pair(2, "c", "d")}, "done": object()}, report,
         [[[1, "a", "b"]], {"x": [2, "c", "d"]}, None])
    same({"amount": Color.RED, "from_unit": Text("t"), "to_unit": (1,)}, RATE, [1, "t", [1]])
    assert shaped({"amount": 1}, RATE)[1] is MISSING


def list_likes():
    same([1, 2], ["l", None], [1, 2])
    same((1, 2), ["l", None], [1, 2])
    same({3, 4}, ["l", None], {3, 4})
    same(frozenset({3}), ["l", None], {3})
    same({Pair(1, "a", "b")}, ["l", RATE], [[1, "a", "b"]])
    same((x * 2 for x in range(3)), ["l", None], [0, 2, 4])
    same(range(3), ["l", None], [0, 1, 2])
    same({"a": 1, "b": 2}.keys(), ["l", None], ["a", "b"])
    same(iter([Rate(1, "a", "b")]), ["l", RATE], [[1, "a", "b"]])
    same([[Rate(1, "a", "b")]], ["l", ["l", RATE]], [[[1, "a", "b"]]])
    same([Color.RED, (1,)], ["l", None], [1, [1]])
    for not_list_like in ("abc", b"ab", {"a": 1}, 3, 2.5):
        same(not_list_like, ["l", None], not_list_like)
    same(bytearray(b"x"), ["l", None], b"x")


def dicts():
    same({"a": Rate(1, "a", "b")}, ["m", None, RATE], {"a": [1, "a", "b"]})
    same({Color.RED: [1]}, ["m", None, ["l", None]], {1: [1]})
    same({Pair(1, "a", "b"): 1}, ["m", RATE, None], {(1, "a", "b"): 1})
    same([1, 2], ["m", None, None], [1, 2])  # not a dict: sent as it is, Java says a dict is needed
    refused({"a": {"b": datetime.date(2026, 1, 1)}}, ["m", None, ["m", None, None]], "a datetime.date",
            path='["a"]["b"]')


def missing_sentinel():
    assert repr(MISSING) == "MISSING"
    assert copy.copy(MISSING) is MISSING and copy.deepcopy(MISSING) is MISSING
    assert pybridge_shapes.MISSING is MISSING
    assert issubclass(NotTransferable, TypeError)


def with_numpy():
    try:
        import numpy
    except ImportError:
        print("numpy not installed: its cases skipped")
        return
    array = numpy.arange(6.0).reshape(2, 3)
    assert shaped(array) is array
    assert shaped(array, ["l", None]) is array
    assert shaped(array, ["l", ["l", None]]) is array
    rows = numpy.array([[1.0, 2.0, 3.0]])
    assert shaped(rows, ["l", RATE]) == [[MISSING, MISSING, MISSING, ["ndarray", "attribute"]]]
    for value, expected in ((numpy.int64(3), 3), (numpy.uint8(255), 255), (numpy.float32(1.5), 1.5),
                            (numpy.float64(2.5), 2.5), (numpy.bool_(True), True)):
        same(value, NATURAL, expected)
    same({"a": numpy.int32(1)}, NATURAL, {"a": 1})
    assert only_tree_types(shaped([array, {"x": array}]), numpy)
    refused(numpy.complex128(1j), NATURAL, "a numpy.complex128 cannot")
    # "i": an array Java reads in place is marked for a result block; anything else stays natural.
    marked = shaped(array, "i")
    assert type(marked) is pybridge_shapes.InPlace and marked.array is array
    marked_rows = shaped({"a": array}, ["m", None, "i"])
    assert marked_rows["a"].array is array
    assert [item.array for item in shaped([array, array], ["l", "i"])] == [array, array]
    assert shaped(None, "i") is None
    same([1, 2], "i", [1, 2])


def numpy_is_not_imported():
    for check in (scalars, containers, refusals, cycles_and_depth, discard_and_none, records, list_likes, dicts,
                  missing_sentinel):
        check()
    assert "numpy" not in sys.modules, "shaped imported numpy"


numpy_is_not_imported()
with_numpy()
print("OK")
