"""pybridge's own helpers, installed as the module ``_pybridge`` when the interpreter boots.

Each helper replaces many C API crossings from Java with one call into C-speed Python code.
"""
import codecs
from array import array
from os import sep as _os_sep
from os.path import isfile as _isfile, join as _join
from threading import Lock as _Lock

# Java reads a str holding lone surrogates through this codec. Looked up once here, so that no
# later conversion runs the codec search (Python code, an import) while Java holds borrowed
# references into a container it is reading.
codecs.lookup('utf-16-le')

_FIELD = '\x1f'
_RECORD = '\x1e'
_HIDDEN_MODULES = ('builtins', '__main__')
_MAX_CHAIN = 8


def _clean(text):
    """text made fit for a field: lone surrogates escaped (the description must be valid UTF-8),
    the two separators replaced by spaces."""
    if not text.isascii():  # isascii() is O(1) in CPython
        text = text.encode('utf-8', 'backslashreplace').decode('utf-8')
    if _FIELD in text or _RECORD in text:
        text = text.replace(_FIELD, ' ').replace(_RECORD, ' ')
    return text


_kinds = {}

# The generic attribute machinery every built-in exception uses (see _kind).
# 3.14 dropped BaseException's own slot wrapper: it inherits object's, which is then both.
_GENERIC_GETATTRIBUTE = (vars(BaseException).get('__getattribute__', vars(object)['__getattribute__']),
                         vars(object)['__getattribute__'])
_GENERIC_CLASS = vars(object)['__class__']
# The fields Java reads straight from an exception of a simple type (DirectDescriptions).
_EXCEPTION_FIELDS = ('__traceback__', '__cause__', '__context__', '__suppress_context__')
_ABSENT = object()


def _resolved(kind, name):
    """What the class attribute name resolves to for instances of kind (first in the MRO), or _ABSENT."""
    for base in kind.__mro__:
        found = vars(base).get(name, _ABSENT)
        if found is not _ABSENT:
            return found
    return _ABSENT


def _kind(kind):
    """(header + US, simple) for an exception type; cached in _kinds, since errors repeat.

    The header is 'name US builtin,bases'. simple says describe() may read an instance the short
    way and get what _describe_one() gets: the type is neither a SyntaxError nor a SystemExit
    (no extra fields), and has nothing of its own that changes what isinstance() or getattr() see
    (a __getattribute__, __getattr__ or __class__, a class attribute _pybridge_token), so the
    token can be read with getattr(), which, unlike exc.__dict__, never allocates a dict. Nor
    does it redefine __traceback__, __cause__, __context__ or __suppress_context__: Java reads an
    instance of a simple type from those very fields (DirectDescriptions).
    """
    name = kind.__qualname__
    if kind.__module__ not in _HIDDEN_MODULES:
        name = kind.__module__ + '.' + name
    # Every class of the MRO: built-ins by bare name, others qualified like the type name.
    builtin = ','.join([c.__qualname__ if c.__module__ in _HIDDEN_MODULES else c.__module__ + '.' + c.__qualname__
                        for c in kind.__mro__])
    simple = (not issubclass(kind, (SyntaxError, SystemExit))
              and all(_resolved(kind, field) is vars(BaseException)[field] for field in _EXCEPTION_FIELDS)
              and _resolved(kind, '__getattribute__') in _GENERIC_GETATTRIBUTE
              and _resolved(kind, '__getattr__') is _ABSENT
              and _resolved(kind, '__class__') is _GENERIC_CLASS
              and _resolved(kind, '_pybridge_token') is _ABSENT)
    entry = (_clean(name) + _FIELD + builtin + _FIELD, simple)
    if len(_kinds) > 1000:  # classes made on the fly must not pile up here
        _kinds.clear()
    _kinds[kind] = entry
    return entry


def _syntax_detail(exc):
    """Where a SyntaxError is, as Python's own traceback shows it: file, line, source, caret.

    str() of a SyntaxError names only the file's base name ('invalid syntax (app.py, line 1)').
    The file is named as the developer knows it (_display).
    """
    if not isinstance(exc, SyntaxError) or not exc.filename or not exc.lineno:
        return ''
    detail = '\n  File "%s", line %d' % (_display(exc.filename), exc.lineno)
    if exc.text:
        source = exc.text.rstrip('\r\n')
        code = source.lstrip()
        detail += '\n    ' + code
        if exc.offset and exc.offset > 0:
            column = max(exc.offset - 1 - (len(source) - len(code)), 0)
            detail += '\n    ' + ' ' * column + '^'
    return detail


def _describe_one(exc):
    """One record, read the general way (any exception type; describe() has the short way inline)."""
    entry = _kinds.get(type(exc)) or _kind(type(exc))
    try:
        message = str(exc) + _syntax_detail(exc)
    except BaseException as failure:  # str() of a broken exception must not hide the original
        message = '<str() raised %s>' % type(failure).__name__
    code = exc.code if isinstance(exc, SystemExit) else None
    # A JavaException carries the id under which Java keeps the Throwable it stands for.
    token = getattr(exc, '__dict__', {}).get('_pybridge_token')
    return (entry[0] + _clean(message) + _FIELD + (str(code) if type(code) is int else '') + _FIELD
            + (str(token[0]) if token else '') + _traceback_text(exc.__traceback__))


# Frame texts, cached since errors repeat: (code, 'US file US line US function US source') by tb_lasti,
# and by (id(code), tb_lasti) for the code objects whose offset is taken in _frames by another one.
_frames = {}
_frames_shared = {}


def _traceback_text(tb):
    """US + 'file US line US function US source' per traceback entry (describe() has a copy inline)."""
    text = ''
    while tb is not None:
        code = tb.tb_frame.f_code
        frame = _frames.get(tb.tb_lasti)
        if frame is None or frame[0] is not code:
            frame = _frame(tb, code)
        text += frame[1]
        tb = tb.tb_next
    return text


def _frame(tb, code):
    """The (code, text) cache entry of a traceback entry, from the caches or made and cached.

    describe() looks in _frames inline first; DirectDescriptions calls this whenever its own
    (direct-mapped, so lossy) cache misses, so it looks there too: making an entry reads the
    file's status and its source line, which a deep traceback must not pay on every raise.

    tb_lineno is computed from the bytecode offset on every access; the code object and the
    offset (tb_lasti) determine it. _frames is keyed by the offset alone: a small int hashes and
    compares faster than a tuple, and most offsets belong to one code object in practice. The
    others go to _frames_shared, keyed by id(code), not the code (hashing a code object hashes
    its bytecode and constants, ~0.7 us). Either entry keeps its code alive, so an identity check
    against it is exact. The file is named as the developer knows it (_display) and the source
    line is read from the file the code came from, so both cost once per cached entry.
    """
    lasti = tb.tb_lasti
    entry = _frames.get(lasti)
    if entry is not None and entry[0] is code:
        return entry
    key = (id(code), lasti)
    entry = _frames_shared.get(key)
    if entry is not None and entry[0] is code:
        return entry
    line = tb.tb_lineno  # None on 3.12+ when the offset maps to no line: written as -1
    line = -1 if line is None else line
    filename = code.co_filename
    entry = (code, _FIELD + _clean(_display(filename)) + _FIELD + str(line) + _FIELD + _clean(code.co_name)
             + _FIELD + _clean(_source_line(filename, line)))
    if len(_frames) + len(_frames_shared) > 4096:  # code made on the fly (exec of new text) must not pile up
        _frames.clear()
        _frames_shared.clear()
    if lasti in _frames:
        _frames_shared[key] = entry
    else:
        _frames[lasti] = entry
    return entry


# How pybridge names the files under some python-path folders (configure()): (folder + sep, name,
# existing_only) each. Python itself keeps using the real paths (imports, __file__, co_filename).
_display_roots = ()
# The name shown for each file name seen, cached: a frame entry is made once per code object and
# offset, but every SyntaxError names its file again.
_display_names = {}
_linecache = None


def _display(filename):
    """The name pybridge reports for the file filename: the file the developer edits where known.

    Under a folder given a display root: the root's name followed by the file's path in the
    folder ('classpath:python/trips.py', for sources unpacked from a jar), or, for a root that is
    a folder of the project (the sources a build copied to target/classes), the file of that path
    there, only if it exists. Any other file keeps its own name.
    """
    name = _display_names.get(filename)
    if name is None:
        name = filename
        for folder, shown, existing_only in _display_roots:
            if filename.startswith(folder):
                relative = filename[len(folder):]
                if not existing_only:
                    name = shown + relative.replace(_os_sep, '/')
                    break
                candidate = _join(shown, relative)
                if _isfile(candidate):
                    name = candidate
                    break
        if len(_display_names) > 4096:
            _display_names.clear()
        _display_names[filename] = name
    return name


def _source_line(filename, line):
    """Line line of the file filename, stripped, as Python's traceback shows it; '' if not known."""
    global _linecache
    if line < 1 or not filename or filename[0] == '<':  # '<string>', '<frozen importlib._bootstrap>'
        return ''
    try:
        if _linecache is None:
            import linecache  # on the first frame with a file: ~2 ms Python need not pay at boot
            _linecache = linecache
        _linecache.checkcache(filename)  # a file edited since it was read is read again
        return _linecache.getline(filename, line).strip()
    except Exception:  # a source line is a nicety: never a reason to lose the exception
        return ''


def describe(exc):
    """One string describing exc and its cause chain: records joined by RS, fields by US.

    A record: 'name US builtin,bases' (see _kind), str(exc) (with _syntax_detail), the SystemExit
    code if an int, the JavaException token, then 'file US line US function US source' per
    traceback entry. The record of one exception of a simple type (see _kind), the common case, is built
    inline here, with no further Python call: for code that reports errors by raising, this is
    a hot path.
    """
    entry = _kinds.get(type(exc))
    if entry is None or not entry[1]:
        first = _describe_one(exc)
    else:
        try:
            message = str(exc)
        except BaseException as failure:
            message = '<str() raised %s>' % type(failure).__name__
        if not message.isascii() or _FIELD in message or _RECORD in message:
            message = _clean(message)
        token = getattr(exc, '_pybridge_token', None)
        # Empty SystemExit code, then the token.
        first = entry[0] + message + ('\x1f\x1f' + str(token[0]) if token else '\x1f\x1f')
        tb = exc.__traceback__
        while tb is not None:  # _traceback_text(), inline
            code = tb.tb_frame.f_code
            frame = _frames.get(tb.tb_lasti)
            if frame is None or frame[0] is not code:
                frame = _frame(tb, code)
            first += frame[1]
            tb = tb.tb_next
    if exc.__cause__ is None and (exc.__context__ is None or exc.__suppress_context__):
        return first
    records = [first]
    seen = {id(exc)}
    while len(records) < _MAX_CHAIN:
        exc = exc.__cause__ if exc.__cause__ is not None else (None if exc.__suppress_context__ else exc.__context__)
        if exc is None or id(exc) in seen:
            break
        seen.add(id(exc))
        records.append(_describe_one(exc))
    return _RECORD.join(records)


def exception_probes():
    """Two exceptions whose fields Java knows, to check where it reads them (ExceptionFields).

    The first has a two-entry traceback, a context, a cause (so its context is suppressed) and
    an instance dict; the second has none of these.
    """
    def inner():
        raise KeyError('context')

    def outer():
        try:
            inner()
        except KeyError:
            raise ValueError('probe') from RuntimeError('cause')

    try:
        outer()
    except ValueError as full:
        full.probe = True
        return full, ValueError('bare')


def pack(seq):
    """A homogeneous list of ints or floats as b'q'/b'd' + native machine words, else None."""
    kinds = set(map(type, seq))
    if len(kinds) != 1:
        return None
    kind = kinds.pop()
    try:
        if kind is int:
            return b'q' + array('q', seq).tobytes()
        if kind is float:
            return b'd' + array('d', seq).tobytes()
    except OverflowError:
        return None
    return None


def longs(data):
    """A list of ints from native 64-bit words."""
    return array('q', data).tolist()


def doubles(data):
    """A list of floats from native doubles."""
    return array('d', data).tolist()


class Interrupted(BaseException):
    """Raised asynchronously in a thread whose call pybridge stops (shutdown, time limit).

    A BaseException, like KeyboardInterrupt, so ``except Exception`` blocks do not swallow it.
    """


def configure(executable, prefix, site_dirs, extra_paths, display_roots=()):
    """Points sys at the discovered interpreter and extends sys.path; run once at boot.

    display_roots: [folder, name, existing_only] for each python-path folder whose files are
    reported by another name (see _display).
    """
    global _display_roots
    import site
    import sys
    _display_roots = tuple((folder.rstrip(_os_sep) + _os_sep, name, bool(existing_only))
                           for folder, name, existing_only in display_roots)
    _display_names.clear()
    # threading records the thread that imports it first as its main thread and joins it at
    # finalization; this runs on the boot thread, which is the one that finalizes.
    import threading  # noqa: F401
    if executable:
        # Embedded, CPython guesses sys.executable from PATH; subprocess, multiprocessing
        # and venv need the interpreter that was actually found.
        sys.executable = executable
        sys._base_executable = executable
    if prefix and prefix != sys.prefix:
        # A virtualenv: PYTHONHOME named the base installation, the prefix is the venv.
        sys.prefix = sys.exec_prefix = prefix
    _guard_faulthandler()
    for directory in site_dirs:
        if directory not in sys.path:
            site.addsitedir(directory)
    for entry in reversed(extra_paths):
        if entry in sys.path:
            sys.path.remove(entry)
        sys.path.insert(0, entry)


_FAULTHANDLER_REFUSED = ('pybridge: faulthandler.%s() ignored: inside the JVM, Python must not install '
                         'signal handlers (the JVM uses SIGSEGV itself, for null checks and safepoints, and '
                         "Python's handler would turn them into fatal errors)")


def _guard_faulthandler():
    """Keeps Python's fault handler off the JVM's signals; dump_traceback() still works.

    Java removed PYTHONFAULTHANDLER and PYTHONDEVMODE from the environment before the interpreter
    read it, so nothing is installed at boot; this makes sure, and refuses enable() and register()
    from user code with a warning instead of letting them take SIGSEGV, SIGBUS, SIGFPE, SIGILL and
    SIGABRT (or any other signal) from the JVM.
    """
    try:
        import faulthandler
    except ImportError:
        # A pooled sub-interpreter: faulthandler is a single-phase-init module that isolated
        # interpreters refuse to load, so user code there cannot enable it either.
        return
    import warnings
    if faulthandler.is_enabled():
        faulthandler.disable()  # gives the JVM's handlers back (they were saved at enable)
    native_dump = faulthandler.dump_traceback

    def refused(name):
        def refuse(*args, **kwargs):
            warnings.warn(_FAULTHANDLER_REFUSED % name, RuntimeWarning, stacklevel=2)
        refuse.__name__ = name
        refuse.__doc__ = _FAULTHANDLER_REFUSED % name
        return refuse

    def dump_traceback(file=None, all_threads=True):
        """faulthandler.dump_traceback, also into a stream without a file descriptor (pybridge's log sink)."""
        import sys
        target = sys.stderr if file is None else file
        try:
            target.fileno()
        except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
            _write_tracebacks(target, all_threads)
            return
        native_dump(target, all_threads)

    faulthandler.enable = refused('enable')
    faulthandler.register = refused('register')
    faulthandler.dump_traceback = dump_traceback


def _write_tracebacks(target, all_threads):
    """The text faulthandler.dump_traceback writes, built from Python frames, into any text stream."""
    import sys
    import threading
    current = threading.get_ident()
    frames = sys._current_frames()
    lines = []
    for ident, frame in frames.items():
        if not all_threads and ident != current:
            continue
        label = 'Current thread' if ident == current else 'Thread'
        lines.append('%s 0x%016x (most recent call first):' % (label, ident))
        while frame is not None:
            code = frame.f_code
            lines.append('  File "%s", line %s in %s' % (code.co_filename, frame.f_lineno, code.co_name))
            frame = frame.f_back
        lines.append('')
    target.write('\n'.join(lines) + '\n')
    target.flush()


class JavaException(Exception):
    """A Java exception thrown by Java code that Python called.

    ``str()`` is ``'<Java type>: <Java message>'``; ``java_type`` and ``java_message`` hold the
    two parts. A Java exception that crossed Python more than once (nested callbacks) is named
    by the exception first thrown, so the text never grows with the nesting. When it leaves
    Python again, the Java caller's exception has the original Throwable as its cause.
    """

    java_type = None
    java_message = None


callback_depth_error = RecursionError  # raised by Java when callbacks nest too deep


# Python exceptions that keep their type when they cross a Java callback on their way out, so
# that Python code further up still sees (and can catch) a RecursionError, and a stopped call
# (Interrupted) is not turned into an Exception that ``except Exception`` would swallow.
_KEPT_TYPES = {
    'RecursionError': RecursionError,
    'MemoryError': MemoryError,
    'KeyboardInterrupt': KeyboardInterrupt,
    '_pybridge.Interrupted': Interrupted,
}


def java_exception(java_type, java_message, token, capsule, python_type=None, python_message=None):
    """The exception to raise for the Throwable Java registered under token.

    A JavaException, unless the Throwable is a Python exception of a kept type coming back out
    (python_type): then that type again, with its message. capsule (kept as an attribute)
    unregisters the Throwable when Python frees the exception.
    """
    kept = _KEPT_TYPES.get(python_type)
    if kept is not None:
        exc = kept(python_message)
    else:
        exc = JavaException(java_type if java_message is None else java_type + ': ' + java_message)
        exc.java_type = java_type
        exc.java_message = java_message
    exc._pybridge_token = (token, capsule)
    return exc


def install_logging(emit, level, capture_output):
    """Routes logging records (and, if asked, stdout/stderr lines) to emit(levelno, name, text)."""
    import io
    import logging
    import sys
    import threading

    class JavaHandler(logging.Handler):
        def emit(self, record):
            try:
                text = self.format(record)
            except Exception:
                self.handleError(record)
                return
            emit(record.levelno, record.name, text)

    class JavaStream(io.TextIOBase):
        """A text stream that hands each complete line to Java; partial lines wait for flush()."""

        def __init__(self, name, levelno):
            self._name = name
            self._levelno = levelno
            self._buffer = []
            self._lock = threading.Lock()

        @property
        def encoding(self):
            return 'utf-8'

        def writable(self):
            return True

        def isatty(self):
            return False

        def write(self, text):
            lines = None
            with self._lock:
                self._buffer.append(text)
                if '\n' in text:
                    joined = ''.join(self._buffer)
                    complete, _, rest = joined.rpartition('\n')
                    self._buffer = [rest] if rest else []
                    lines = complete.split('\n')
            for line in lines or ():
                emit(self._levelno, self._name, line)
            return len(text)

        def flush(self):
            with self._lock:
                rest = ''.join(self._buffer)
                self._buffer = []
            if rest:
                emit(self._levelno, self._name, rest)

    handler = JavaHandler()
    handler.setFormatter(logging.Formatter('%(message)s'))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    if capture_output:
        sys.stdout = JavaStream('stdout', logging.INFO)
        sys.stderr = JavaStream('stderr', logging.WARNING)


def signature_problem(fn, nargs, kwnames):
    """Why fn cannot be called with nargs positional arguments and these keyword names, or None.

    None as well when the signature cannot be inspected (some builtins): then only a real call can tell.
    """
    import inspect
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    try:
        signature.bind(*([None] * nargs), **dict.fromkeys(kwnames))
    except TypeError as problem:
        return '%s%s: %s' % (getattr(fn, '__qualname__', repr(fn)), signature, problem)
    return None


_NUMPY_MISSING = ('numpy is not installed in this Python; install it into the interpreter pybridge '
                  'embeds (Debian: apt-get install python3-numpy, or pip install numpy in its environment)')


def _numpy():
    try:
        import numpy
    except ImportError:
        raise ImportError(_NUMPY_MISSING) from None
    return numpy


def ndarray_type():
    """numpy.ndarray if numpy is imported already, else None (never imports it)."""
    import sys
    numpy = sys.modules.get('numpy')
    return None if numpy is None else numpy.ndarray


def numpy_empty(dtype, shape):
    """A new C-contiguous array and the address of its data, for Java to fill in place."""
    array = _numpy().empty(tuple(shape), dtype=dtype)
    return array, array.ctypes.data


def numpy_export(array):
    """(dtype char, shape, data address, contiguous array owning that data) for Java to read."""
    numpy = _numpy()
    contiguous = numpy.ascontiguousarray(array)
    return contiguous.dtype.char, list(contiguous.shape), contiguous.ctypes.data, contiguous


def numpy_view(address, nbytes, dtype, shape, keepalive, read_only=False):
    """A numpy array over Java's direct buffer memory, keeping keepalive (and so the buffer) alive;
    not writable when Java's buffer is read-only (its memory may be mapped read-only: a write
    would be a segfault, not an exception)."""
    import ctypes
    numpy = _numpy()
    raw = (ctypes.c_char * nbytes).from_address(address)
    raw._pybridge_keepalive = keepalive  # freed with the last view; then Java may free the buffer
    array = numpy.frombuffer(raw, dtype=dtype).reshape(tuple(shape))
    if read_only:
        array.flags.writeable = False
    return array


def _source_file(module):
    """The real path of the .py file a module was loaded from, or None (built-in, extension, namespace)."""
    import os
    path = getattr(module, '__file__', None)
    if not isinstance(path, str) or not path.endswith('.py'):
        return None
    return os.path.realpath(path)


def _under(path, roots):
    import os
    return any(path == root or path.startswith(root + os.sep) for root in roots)


def _refers_to(module, changed):
    """Whether module's globals hold one of the changed modules, or an object defined in one."""
    for value in list(vars(module).values()):
        if isinstance(value, type(module)):
            if value.__name__ in changed:
                return True
            continue
        try:
            # A function or class names its module itself; any other object through its class.
            owner = value.__module__ if isinstance(value, type) or callable(value) else type(value).__module__
        except Exception:
            continue
        if isinstance(owner, str) and owner in changed:
            return True
    return False


def reload_plan(changed_files, roots):
    """The modules to reload after changed_files changed on disk, in the order to reload them.

    Every interpreter calls this with the same files. First the import system forgets what it
    knew about those files: the directory listings it cached (so a new module is found) and
    each file's compiled .pyc (CPython validates a .pyc by the source's mtime in whole seconds
    and its size, so an edit that keeps the size within the same second would otherwise run the
    old bytecode). Then the modules loaded from a changed file, plus, repeatedly, every module of
    the roots that holds one of them or something defined in one (``from trips import helper``
    binds the old function until its importer runs again). Ordered dependencies first: the import
    system moves a module to the end of sys.modules once its code has run (and a reload does the
    same), so that order has every module after the modules it imported while it ran.
    """
    import importlib
    import importlib.util
    import os
    import sys
    importlib.invalidate_caches()
    changed_paths = {os.path.realpath(path) for path in changed_files}
    for path in changed_paths:
        if path.endswith('.py'):
            try:
                os.remove(importlib.util.cache_from_source(path))
            except (OSError, NotImplementedError, ValueError):
                pass
    real_roots = [os.path.realpath(root) for root in roots]
    loaded = []
    for name, module in list(sys.modules.items()):
        path = _source_file(module) if module is not None else None
        if path is not None and _under(path, real_roots):
            loaded.append((name, module, path))
    # A deleted file's module stays as it was loaded: there is nothing to run again.
    chosen = {name for name, _, path in loaded if path in changed_paths and os.path.exists(path)}
    grew = bool(chosen)
    while grew:
        grew = False
        for name, module, _ in loaded:
            if name not in chosen and _refers_to(module, chosen):
                chosen.add(name)
                grew = True
    return [name for name, _, _ in loaded if name in chosen]


def reload_module(name):
    """Runs the module's current source again in its own namespace (importlib.reload).

    The module object stays the same, so callers that cached it see the new functions. On a
    SyntaxError nothing of the module changes and the error propagates; an exception raised
    while the new code runs leaves the names it assigned before it, as any import would.
    """
    import importlib
    import sys
    module = sys.modules.get(name)
    if module is None:
        return False
    importlib.reload(module)
    return True


# Coroutines: one asyncio event loop per interpreter, run by a Java thread pybridge owns (never a
# Python thread: Java callbacks then come from a JVM thread like any other). The loop thread
# holds no permit; asyncio gives the GIL up while it waits in select/epoll. Callers hand it an
# awaitable with loop_submit (holding the GIL), the loop reports each end to Java through one
# callable, done(ident), and Java reads the outcome with loop_outcome on the loop thread.

class _Submitted:
    """One awaitable handed to the loop: started there, cancellable from any thread holding the GIL."""

    __slots__ = ('runner', 'awaitable', 'ident', 'done', 'task', 'cancelled')

    def __init__(self, runner, awaitable, ident, done):
        self.runner = runner
        self.awaitable = awaitable
        self.ident = ident
        self.done = done
        self.task = None
        self.cancelled = False

    def start(self):
        import asyncio
        awaitable, self.awaitable = self.awaitable, None
        try:
            if self.cancelled:
                raise asyncio.CancelledError()
            self.task = asyncio.ensure_future(awaitable, loop=self.runner.loop)
        except BaseException as error:
            if asyncio.iscoroutine(awaitable):
                awaitable.close()  # never awaited: no "coroutine was never awaited" warning
            self.task = self.runner.loop.create_future()
            if isinstance(error, asyncio.CancelledError):
                self.task.cancel()
            else:
                self.task.set_exception(error)
        self.task.add_done_callback(self.finish)

    def finish(self, task):
        self.done(self.ident)

    def cancel(self):
        self.cancelled = True
        if self.task is not None:
            self.task.cancel()


class _Loop:
    """An event loop and its inbox: what callers hand over waits there, and the loop thread is
    woken once for all that came meanwhile, not once per call (a write to its self-pipe, and a
    turn on the GIL, each)."""

    def __init__(self):
        import asyncio
        from collections import deque
        self.loop = asyncio.new_event_loop()
        self.inbox = deque()  # append and popleft are atomic: callers and the loop thread share it
        self.woken = False

    def hand_over(self, submitted):
        """Any thread. Safe without a lock: drain clears woken before it empties the inbox, so an
        item appended after its last look finds woken False and wakes the loop again."""
        self.inbox.append(submitted)
        if not self.woken:
            self.woken = True
            self.loop.call_soon_threadsafe(self.drain)

    def drain(self):
        self.woken = False
        inbox = self.inbox
        while inbox:
            inbox.popleft().start()


_runner = None
_runner_lock = _Lock()


def loop_get():
    """This interpreter's _Loop, made by the first caller (the loop is not running yet).

    Under a lock: two callers inside at once (several permits) can switch the GIL while one of
    them makes it, and the second must not make another.
    """
    global _runner
    with _runner_lock:
        if _runner is None:
            _runner = _Loop()
        return _runner


def loop_run(runner, close_timeout):
    """Runs the loop until loop_stop; then cancels what is left (waiting at most close_timeout s) and closes it."""
    import asyncio
    loop = runner.loop
    asyncio.set_event_loop(loop)
    try:
        loop.run_forever()
    finally:
        try:
            tasks = asyncio.all_tasks(loop)
            for task in tasks:
                task.cancel()
            if tasks:
                loop.run_until_complete(asyncio.wait(tasks, timeout=close_timeout))
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            asyncio.set_event_loop(None)
            loop.close()


def loop_prepare(runner, awaitable, ident, done):
    """What loop_start hands to loop; done(ident) is called on the loop's thread when it has ended.

    Two steps, so Java holds the result before the loop can end it: the GIL may pass to the loop
    thread between any two bytecodes of loop_start.
    """
    return _Submitted(runner, awaitable, ident, done)


def loop_start(submitted):
    """Hands submitted to its loop (any thread); the task is made on the loop's thread."""
    submitted.runner.hand_over(submitted)


def loop_cancel(submitted):
    """Cancels the task of submitted (any thread); it sees CancelledError at its next await."""
    submitted.runner.loop.call_soon_threadsafe(submitted.cancel)


def loop_outcome(submitted):
    """The result of submitted's ended task, or its exception raised again (CancelledError if cancelled)."""
    return submitted.task.result()


def loop_stop(runner):
    """Makes loop_run end (any thread); a loop already closed is left alone."""
    loop = runner.loop
    if not loop.is_closed():
        loop.call_soon_threadsafe(loop.stop)


from types import CoroutineType  # the common awaitable, recognized in Java by its type alone


def is_awaitable(value):
    """Whether value can be awaited: a coroutine, a future or task, or an object with __await__."""
    import inspect
    return inspect.isawaitable(value)
