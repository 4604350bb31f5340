"""The Python values a worker process sends back to Java: a call's result shaped as Java asked.

Java sends a *shape* with each call (built by ResultShapes from the requested type):

- ``None``: natural, the value as it is;
- ``"v"``: discard, send None;
- ``"i"``: a numpy array Java reads in place (a NumpyView): sent as ``InPlace(array)``;
- ``["r", [[name, alt_name_or_None, shape], ...]]``: a record, read component by component from a
  dict by key or from any other object by attribute (``name`` first, then ``alt_name``);
- ``["l", shape]``: list-like, any iterable read as a list (a numpy array kept whole when nothing
  inside it needs shaping);
- ``["m", key_shape, value_shape]``: a dict.

``shaped(value, shape)`` returns a tree of None, bool, int, float, str, bytes, list, dict, set,
numpy.ndarray, ``InPlace`` and ``MISSING`` only (tuples and frozensets remain only where a list or set cannot
be: as dict keys and set items). Anything else raises ``NotTransferable``: in-process it would
have become a PythonObject handle, which a worker process cannot give. Standard library only;
numpy is looked for only when a value could be one of its objects.
"""

import sys

__all__ = ["InPlace", "MISSING", "NotTransferable", "shaped"]

# The deepest nesting sent, as in-process conversion (FromPython.MAX_DEPTH).
MAX_DEPTH = 512

_TOO_DEEP = ("Python value nested deeper than %d levels (or a container that contains itself)" % MAX_DEPTH)

# Values sent as they are: exactly these types (subclasses are converted to them).
_PLAIN = frozenset((type(None), bool, int, float, str, bytes))


class _Missing:
    """The type of MISSING: a record component found under neither of its names."""

    __slots__ = ()

    def __repr__(self):
        return "MISSING"

    def __reduce__(self):
        return "MISSING"  # pickled and copied as the module's one instance


MISSING = _Missing()


class InPlace:
    """A numpy array Java asked to read in place: the worker writes it into a result block."""

    __slots__ = ("array",)

    def __init__(self, array):
        self.array = array


class NotTransferable(TypeError):
    """A value that cannot leave the worker process. ``problem`` says why, ``path`` where
    (``[2]["rows"].amount``, as in-process conversion names it; empty at the top)."""

    def __init__(self, problem, path=""):
        super().__init__(problem + (" (at %s)" % path if path else ""))
        self.problem = problem
        self.path = path

    def under(self, segment):
        """The same problem one level further out: ``segment`` goes before the path."""
        return NotTransferable(self.problem, segment + self.path)


# Python frames that MAX_DEPTH levels take (up to three a level), with room for the caller's.
_RECURSION_NEEDED = 4 * MAX_DEPTH + 200


def shaped(value, shape=None):
    """``value`` as the tree ``shape`` asks for (see the module's documentation)."""
    limit = sys.getrecursionlimit()
    if limit < _RECURSION_NEEDED:
        # Python-to-Python calls take no C stack on 3.11+: a higher limit only lets MAX_DEPTH
        # levels convert, as they do in-process.
        sys.setrecursionlimit(_RECURSION_NEEDED)
    try:
        return _shaped(value, shape, 0, set())
    except RecursionError:
        raise NotTransferable(_TOO_DEEP) from None
    finally:
        if limit < _RECURSION_NEEDED:
            sys.setrecursionlimit(limit)


def _type_name(value):
    kind = type(value)
    module = getattr(kind, "__module__", None)
    name = getattr(kind, "__qualname__", kind.__name__)
    return name if module in (None, "builtins") else module + "." + name


def _numpy():
    """numpy if some code imported it, else None: numpy values exist only then."""
    return sys.modules.get("numpy")


def _is_ndarray(value):
    numpy = _numpy()
    return numpy is not None and isinstance(value, numpy.ndarray)


def _segment(key):
    return '["%s"]' % key if isinstance(key, str) else "[%r]" % (key,)


def _enter(value, depth, active):
    """Marks a container as being converted; refuses one that holds itself."""
    if id(value) in active:
        raise NotTransferable(_TOO_DEEP)
    active.add(id(value))


def _below(depth):
    """Refuses an item below ``depth`` past MAX_DEPTH (as in-process, an empty container there is fine)."""
    if depth >= MAX_DEPTH:
        raise NotTransferable(_TOO_DEEP)


def _shaped(value, shape, depth, active):
    if shape is None:
        return _natural(value, depth, active)
    if shape == "v" or value is None:
        return None
    if shape == "i":
        return InPlace(value) if _is_ndarray(value) else _natural(value, depth, active)
    kind = shape[0]
    if kind == "r":
        return _record(value, shape[1], depth, active)
    if kind == "l":
        return _list_like(value, shape[1], depth, active)
    if kind == "m":
        return _dict(value, shape[1], shape[2], depth, active)
    raise ValueError("unknown shape %r" % (shape,))


def _natural(value, depth, active):
    kind = type(value)
    if kind in _PLAIN:
        return value
    if isinstance(value, int):  # IntEnum and other subclasses (bool is exact-matched above)
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(memoryview(value))
    if isinstance(value, (list, tuple)):
        return _items(value, None, depth, active)
    if isinstance(value, dict):
        return _dict(value, None, None, depth, active)
    if isinstance(value, (set, frozenset)):
        return _items(value, None, depth, active, as_set=True)
    numpy = _numpy()
    if numpy is not None:
        if isinstance(value, numpy.ndarray):
            return value  # the codec sends its data
        if isinstance(value, numpy.bool_):
            return bool(value)
        if isinstance(value, numpy.integer):
            return int(value)
        if isinstance(value, numpy.floating):
            return float(value)
    name = _type_name(value)
    raise NotTransferable("%s %s cannot be sent back from a worker process (in-process it would be a PythonObject"
                          " handle): return data such as str, int, float, list, dict"
                          % ("an" if name[0] in "aeiouAEIOU" else "a", name))


def _items(iterable, shape, depth, active, as_set=False):
    """A list of the items, each shaped (or a set of them as keys, hashable as they must stay);
    a failing item names its index."""
    _enter(iterable, depth, active)
    try:
        result = set() if as_set else []
        add = result.add if as_set else result.append
        for index, item in enumerate(iterable):
            _below(depth)
            try:
                add(_key(item, depth + 1, active) if as_set else _shaped(item, shape, depth + 1, active))
            except NotTransferable as ex:
                raise ex.under("[%d]" % index) from None
        return result
    finally:
        active.discard(id(iterable))


def _key(value, depth, active):
    """A dict key or set item: natural, but tuples and frozensets stay hashable."""
    if isinstance(value, tuple):
        return tuple(_key(item, depth + 1, active) for item in value)
    if isinstance(value, frozenset):
        return frozenset(_key(item, depth + 1, active) for item in value)
    return _natural(value, depth, active)


def _hashable(value):
    """A shaped key made hashable: lists become tuples (a record key is a list of values)."""
    if isinstance(value, list):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, set):
        return frozenset(value)
    return value


def _dict(value, key_shape, value_shape, depth, active):
    if not isinstance(value, dict):
        return _natural(value, depth, active)  # Java says what it needed
    _enter(value, depth, active)
    try:
        result = {}
        # A snapshot: reading a value may run code that changes the dict (as in-process, what it held counts).
        for key, item in list(value.items()):
            _below(depth)
            # As in-process, a key that fails names no place of its own.
            if key_shape is None:
                shaped_key = _key(key, depth + 1, active)
            else:
                shaped_key = _hashable(_shaped(key, key_shape, depth + 1, active))
            try:
                result[shaped_key] = _shaped(item, value_shape, depth + 1, active)
            except NotTransferable as ex:
                raise ex.under(_segment(shaped_key)) from None
        return result
    finally:
        active.discard(id(value))


def _plain(shape):
    """Whether nothing inside ``shape`` needs shaping: numpy arrays are then sent whole."""
    while shape is not None:
        if shape[0] != "l":
            return False
        shape = shape[1]
    return True


# Sent naturally when a list is asked for: Java refuses them with in-process's message
# (a str or a dict is iterable, but not read as a list in-process either).
_NOT_LIST_LIKE = (str, bytes, bytearray, memoryview, dict, int, float)


def _list_like(value, shape, depth, active):
    if isinstance(value, list):
        # Reading an item may run code (a property) that changes the list: as in-process, that
        # fails rather than send part of it.
        size = len(value)
        items = _items(value, shape, depth, active)
        if len(value) != size or len(items) != size:
            raise NotTransferable("The Python list changed size while it was converted")
        return items
    if isinstance(value, tuple):
        return _items(value, shape, depth, active)
    if isinstance(value, (set, frozenset)):
        return _items(value, shape, depth, active, as_set=shape is None)
    if isinstance(value, _NOT_LIST_LIKE):
        return _natural(value, depth, active)
    if _is_ndarray(value) and _plain(shape):
        return value
    try:
        iterator = iter(value)
    except TypeError:
        return _natural(value, depth, active)  # not iterable: NotTransferable says what it is
    return _items(iterator, shape, depth, active)


def _record(value, components, depth, active):
    """The component values in order, MISSING for one found under neither name. When one is
    missing, [type name, "key" or "attribute"] follows them, for Java's message."""
    by_key = isinstance(value, dict)
    result = []
    missing = False
    for name, alt_name, shape in components:
        found = _component(value, by_key, name)
        if found is MISSING and alt_name is not None:
            found = _component(value, by_key, alt_name)
        if found is MISSING:
            missing = True
            result.append(MISSING)
            continue
        try:
            result.append(_shaped(found, shape, depth + 1, active))
        except NotTransferable as ex:
            raise ex.under("." + name) from None
    if missing:
        result.append([type(value).__name__, "key" if by_key else "attribute"])
    return result


def _component(value, by_key, name):
    if by_key:
        # As PyDict_GetItemString: the dict's own items, no __missing__ or __getitem__ override.
        return dict.get(value, name, MISSING)
    try:
        return getattr(value, name)
    except Exception:  # as in-process, any failure to read the attribute counts as no attribute
        return MISSING
