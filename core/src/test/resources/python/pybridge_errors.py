"""Exceptions of many shapes, for the check that Java reads each one as _pybridge.describe does."""
import _pybridge


class Custom(Exception):
    pass


class Outer:
    class Nested(LookupError):
        pass


class BadStr(Exception):
    def __str__(self):
        raise RuntimeError('no str')


class Slotted(Exception):
    __slots__ = ('detail',)


class OwnTraceback(Exception):
    """Redefines a field Java would otherwise read from memory: describe() sees the property."""
    @property
    def __traceback__(self):
        return None


def plain():
    raise ValueError('plain')


def key():
    return {}['missing']


def custom():
    raise Custom('custom')


def nested():
    raise Outer.Nested('nested')


def separators():
    raise ValueError('a\x1fb\x1ec')


def non_ascii():
    raise ValueError('h\u00e9llo \u2713 \U0001F600')


def surrogate():
    raise ValueError('bad \udc80 text')


def empty():
    raise ValueError()


def with_attribute():
    error = ValueError('attribute')
    error.extra = 1
    raise error


def with_note():
    error = ValueError('noted')
    error.add_note('a note')
    raise error


def slotted():
    error = Slotted('slotted')
    error.detail = 'in a slot'
    raise error


def own_traceback():
    raise OwnTraceback('own traceback')


def from_none():
    try:
        raise KeyError('hidden')
    except KeyError:
        raise ValueError('from none') from None


def chained():
    try:
        raise KeyError('first')
    except KeyError:
        raise ValueError('second')


def caused():
    raise ValueError('effect') from OSError('cause')


def bad_str():
    raise BadStr()


def _deep(levels):
    if levels == 0:
        raise ValueError('deep')
    _deep(levels - 1)


def deep():
    _deep(4)


def first_place():
    _two_places(True)


def second_place():
    _two_places(False)


def _two_places(first):
    if first:
        raise ValueError('one')
    raise ValueError('two')


def exec_made():
    # A code object made anew each call, with the same offsets: cached entries must not mix them up.
    namespace = {}
    exec(compile('def fail():\n    raise ValueError("made")\n', '<made>', 'exec'), namespace)
    namespace['fail']()


def described(name):
    """_pybridge.describe's text for the exception name() raises, with this frame left out."""
    try:
        globals()[name]()
    except BaseException as error:
        if error.__traceback__ is not None:  # None: a type whose __traceback__ is its own property
            error.__traceback__ = error.__traceback__.tb_next
        return _pybridge.describe(error)
    return None


class CountingDict(dict):
    """A dict that counts get(): describe() looks each exception's type up with it."""
    gets = 0

    def get(self, *args):
        CountingDict.gets += 1
        return super().get(*args)


def count_describe_lookups():
    _pybridge._kinds = CountingDict(_pybridge._kinds)
    CountingDict.gets = 0


def describe_lookups():
    """How many types describe() looked up since count_describe_lookups(); stops counting."""
    _pybridge._kinds = dict(_pybridge._kinds)
    return CountingDict.gets
