"""pybridge's worker process: runs the calls a JVM sends it, one at a time, and answers each.

Started by the JVM as `python -c <bootstrap>`; the bootstrap reads this source from stdin and
runs main(). Everything here is the standard library only (the worker runs whatever CPython the
application uses, with no packages of pybridge's own).

The channel is the process's stdin and stdout, moved to other descriptors at start so that
C code writing to fd 1 cannot corrupt it: frames of a 4-byte little-endian length, then one
msgpack value (our own codec, below). Java sends [kind, memory, ...] and waits; the worker answers
[status, value, retired]. Logging records and print()s go to stderr as lines the JVM parses;
anything else on stderr (a C library's output, the fault handler's dump) is logged as it is.

Arrays and large byte strings do not go through the pipe: the sender writes them into its
shared-memory arena (a file in a folder only this user can open) and the frame names offset and
length. A numpy result Java asked to read in place (a NumpyView) goes into a result block of its
own instead, which Java holds until its view is gone. See docs/worker-processes.md.
"""

import os
import struct
import sys

# -- msgpack ---------------------------------------------------------------------------------
# The subset pybridge uses: nil, bool, int (to 64 bits), float64, str, bin, array, map, and
# these extension types.
EXT_BIGINT = 1      # an int beyond 64 bits: its hex text
EXT_SET = 2         # a set: the msgpack array of its items
EXT_STR16 = 3       # a str that is not valid UTF-8 (lone surrogates): UTF-16-LE, surrogatepass
EXT_NDARRAY = 4     # a numpy array: [dtype char, shape, data] with data bin, [offset, nbytes] in the
                    # arena, or [offset, nbytes, block] in a result block
EXT_ARENA_BYTES = 5  # bytes in the sender's arena: [offset, nbytes]
EXT_MISSING = 6     # a record component found under neither of its names

ARENA_THRESHOLD = 64 * 1024

# How deep a value may nest, and the words for one that nests deeper (a container holding
# itself): pybridge_shapes' (the in-process ones), once it is loaded.
_MAX_DEPTH = 512
_TOO_DEEP = 'Python value nested deeper than 512 levels (or a container that contains itself)'

_LEN = struct.Struct('<I')
_u8 = struct.Struct('>BB').pack
_u16 = struct.Struct('>BH').pack
_u32 = struct.Struct('>BI').pack
_u64 = struct.Struct('>BQ').pack
_i64 = struct.Struct('>Bq').pack
_f64 = struct.Struct('>Bd').pack
_ext8 = struct.Struct('>BBb').pack
_ext16 = struct.Struct('>BHb').pack
_ext32 = struct.Struct('>BIb').pack
_FIXINT = [bytes((i,)) for i in range(128)]
_NEGFIX = {i: bytes((i & 0xff,)) for i in range(-32, 0)}

_unpack_u16 = struct.Struct('>H').unpack_from
_unpack_u32 = struct.Struct('>I').unpack_from
_unpack_u64 = struct.Struct('>Q').unpack_from
_unpack_i8 = struct.Struct('>b').unpack_from
_unpack_i16 = struct.Struct('>h').unpack_from
_unpack_i32 = struct.Struct('>i').unpack_from
_unpack_i64 = struct.Struct('>q').unpack_from
_unpack_f32 = struct.Struct('>f').unpack_from
_unpack_f64 = struct.Struct('>d').unpack_from


class NotTransferable(TypeError):
    """A value that has no form on the wire; replaced by pybridge_shapes' own once it is loaded."""


class _Missing:
    __slots__ = ()

    def __repr__(self):
        return 'MISSING'


MISSING = _Missing()

_numpy = None


def _numpy_module():
    global _numpy
    if _numpy is None:
        try:
            import numpy
        except ImportError:
            # The same words as in-process (a PythonConversionException in Java).
            raise NotTransferable(sys.modules['_pybridge']._NUMPY_MISSING) from None
        _numpy = numpy
    return _numpy


def _header(out, n, fix, fixmax, c16, c32):
    if n <= fixmax:
        out.append(_FIXINT[fix | n] if fix | n < 128 else bytes((fix | n,)))
    elif n < 65536:
        out.append(_u16(c16, n))
    else:
        out.append(_u32(c32, n))


def _ext(out, code, payload):
    n = len(payload)
    if n < 256:
        out.append(_ext8(0xc7, n, code))
    elif n < 65536:
        out.append(_ext16(0xc8, n, code))
    else:
        out.append(_ext32(0xc9, n, code))
    out.append(payload)


def _str(out, value):
    try:
        data = value.encode('utf-8')
    except UnicodeEncodeError:
        _ext(out, EXT_STR16, value.encode('utf-16-le', 'surrogatepass'))
        return
    n = len(data)
    if n < 32:
        out.append(bytes((0xa0 | n,)))
    elif n < 256:
        out.append(_u8(0xd9, n))
    elif n < 65536:
        out.append(_u16(0xda, n))
    else:
        out.append(_u32(0xdb, n))
    out.append(data)


def _int(out, value):
    if 0 <= value < 128:
        out.append(_FIXINT[value])
    elif -32 <= value < 0:
        out.append(_NEGFIX[value])
    elif -0x8000000000000000 <= value <= 0x7fffffffffffffff:
        out.append(_i64(0xd3, value))
    elif 0 < value <= 0xffffffffffffffff:
        out.append(_u64(0xcf, value))
    else:
        _ext(out, EXT_BIGINT, format(value, 'x').encode('ascii'))


class Encoder:
    """Python tree -> msgpack chunks; large payloads into the out-arena."""

    def __init__(self, arena, blocks, request_arena):
        self.arena = arena
        self.blocks = blocks
        self.request_arena = request_arena  # () -> Java's arena the request came in, or None
        self.used = 0  # bytes of the arena this message has filled
        self.lent = False  # whether this message gave Java's request arena to a view

    def encode(self, value):
        self.used = 0
        self.lent = False
        self.blocks.begin()
        out = []
        try:
            self._value(out, value, 0)
        except BaseException:
            self.blocks.undo()  # the message is not sent: its blocks are free again
            raise
        return out

    def _in_request_arena(self, array, n):
        """The offset of ``array``'s data in Java's request arena, if all of it lies there (an
        argument returned as it is, or changed in place): Java's view reads it there, no copy.
        Once a message: Java then writes its next request elsewhere."""
        arena = self.request_arena()
        if self.lent or arena is None or arena.map is None:
            return None
        start = array.__array_interface__['data'][0]
        base = arena.address()
        if base <= start and start + n <= base + arena.size:
            self.lent = True
            return start - base
        return None

    def _value(self, out, value, depth):
        kind = type(value)
        if kind is str:
            _str(out, value)
        elif kind is int:
            _int(out, value)
        elif kind is float:
            out.append(_f64(0xcb, value))
        elif value is None:
            out.append(b'\xc0')
        elif kind is bool:
            out.append(b'\xc3' if value else b'\xc2')
        elif kind is list or kind is tuple:
            if depth > _MAX_DEPTH:
                raise NotTransferable(_TOO_DEEP)
            n = len(value)
            _header(out, n, 0x90, 15, 0xdc, 0xdd)
            for item in value:
                self._value(out, item, depth + 1)
        elif kind is dict:
            if depth > _MAX_DEPTH:
                raise NotTransferable(_TOO_DEEP)
            _header(out, len(value), 0x80, 15, 0xde, 0xdf)
            for key, item in value.items():
                self._value(out, key, depth + 1)
                self._value(out, item, depth + 1)
        elif kind is bytes or kind is bytearray or kind is memoryview:
            self._bytes(out, value)
        elif kind is set or kind is frozenset:
            inner = []
            _header(inner, len(value), 0x90, 15, 0xdc, 0xdd)
            for item in value:
                self._value(inner, item, depth + 1)
            _ext(out, EXT_SET, b''.join(inner))
        elif value is MISSING:
            _ext(out, EXT_MISSING, b'')
        else:
            self._other(out, value, kind, depth)

    def _bytes(self, out, value):
        n = value.nbytes if type(value) is memoryview else len(value)
        if n >= ARENA_THRESHOLD and self.arena is not None:
            offset = self._place(value, n)
            inner = []
            _int(inner, offset)
            _int(inner, n)
            _ext(out, EXT_ARENA_BYTES, b'\x92' + b''.join(inner))
            return
        if n < 256:
            out.append(_u8(0xc4, n))
        elif n < 65536:
            out.append(_u16(0xc5, n))
        else:
            out.append(_u32(0xc6, n))
        out.append(bytes(value) if type(value) is memoryview else value)

    def _place(self, data, n):
        """Copies data into the out-arena after what this message already put there."""
        offset = (self.used + 63) & ~63
        self.arena.reserve(offset + n)
        self.arena.map[offset:offset + n] = data if type(data) is not memoryview else data.cast('B')
        self.used = offset + n
        return offset

    def _other(self, out, value, kind, depth):
        module = getattr(kind, '__module__', '')
        if module == '_pybridge_shapes' and kind.__name__ == 'InPlace':
            self._ndarray(out, value.array, _numpy_module(), in_place=True)
            return
        if module == 'numpy':
            np = _numpy_module()
            if isinstance(value, np.ndarray):
                self._ndarray(out, value, np)
                return
            if isinstance(value, np.generic):
                self._value(out, value.item(), depth)
                return
        # Subclasses map like their base type, as in-process.
        if isinstance(value, bool):
            self._value(out, bool(value), depth)
        elif isinstance(value, int):
            _int(out, int(value))
        elif isinstance(value, float):
            out.append(_f64(0xcb, float(value)))
        elif isinstance(value, str):
            _str(out, str(value))
        elif isinstance(value, (bytes, bytearray)):
            self._bytes(out, bytes(value))
        elif isinstance(value, (list, tuple)):
            self._value(out, list(value), depth)
        elif isinstance(value, dict):
            self._value(out, dict(value), depth)
        elif isinstance(value, (set, frozenset)):
            self._value(out, set(value), depth)
        else:
            raise NotTransferable(
                'a %s.%s cannot be sent back from a worker process (in-process it would be a PythonObject '
                'handle): return data such as str, int, float, list, dict, or a numpy array'
                % (module or 'builtins', kind.__qualname__))

    def _ndarray(self, out, array, np, in_place=False):
        code = array.dtype.char
        if code == 'l':
            code = 'q'
        if code not in 'dfqibB' or array.dtype.byteorder not in '=|' + ('<' if sys.byteorder == 'little' else '>'):
            raise NotTransferable('a numpy array of dtype %s has no Java counterpart (float64, float32, int64, '
                                  'int32, int8, uint8)' % array.dtype)
        array = np.ascontiguousarray(array)
        inner = [b'\x93']
        _str(inner, code)
        _header(inner, array.ndim, 0x90, 15, 0xdc, 0xdd)
        for dimension in array.shape:
            _int(inner, dimension)
        n = array.nbytes
        lent = self._in_request_arena(array, n) if in_place and n >= ARENA_THRESHOLD else None
        if lent is not None:
            inner.append(b'\x93')
            _int(inner, lent)
            _int(inner, n)
            _int(inner, -1)
        elif in_place and n >= ARENA_THRESHOLD:
            # Java reads it where it is and holds the block while its view lives.
            block = self.blocks.place(memoryview(array).cast('B'), n)
            inner.append(b'\x93')
            _int(inner, 0)
            _int(inner, n)
            _int(inner, block)
        elif n >= ARENA_THRESHOLD and self.arena is not None:
            offset = self._place(memoryview(array).cast('B'), n)
            inner.append(b'\x92')
            _int(inner, offset)
            _int(inner, n)
        else:
            self._bytes(inner, array.tobytes())
        _ext(out, EXT_NDARRAY, b''.join(inner))


class Decoder:
    """msgpack -> Python tree; payloads in the in-arena become bytes or numpy arrays."""

    def __init__(self):
        self.arena = None
        self.views = []  # numpy arrays over the in-arena made for this message

    def decode(self, data):
        self.views = []
        value, _ = self._value(memoryview(data), 0)
        return value

    def decode_request(self, data, switch_memory):
        """A request [kind, memory, ...]: what it says of shared memory (a new arena, released blocks)
        is taken before the values that may refer to it are read."""
        self.views = []
        buf = memoryview(data)
        code = buf[0]
        if not 0x90 <= code <= 0x9f:
            raise ValueError('a request is a short msgpack array, not code 0x%02x' % code)
        kind, pos = self._value(buf, 1)
        memory, pos = self._value(buf, pos)
        if memory is not None:
            switch_memory(memory)
        items = [kind, memory]
        for _ in range((code & 0x0f) - 2):
            item, pos = self._value(buf, pos)
            items.append(item)
        return items

    def _value(self, buf, pos):
        code = buf[pos]
        pos += 1
        if code < 0x80:
            return code, pos
        if code >= 0xe0:
            return code - 0x100, pos
        if 0xa0 <= code <= 0xbf:
            n = code & 0x1f
            return str(buf[pos:pos + n], 'utf-8'), pos + n
        if 0x90 <= code <= 0x9f:
            return self._array(buf, pos, code & 0x0f)
        if 0x80 <= code <= 0x8f:
            return self._map(buf, pos, code & 0x0f)
        if code == 0xc0:
            return None, pos
        if code == 0xc2:
            return False, pos
        if code == 0xc3:
            return True, pos
        if code == 0xcb:
            return _unpack_f64(buf, pos)[0], pos + 8
        if code == 0xd3:
            return _unpack_i64(buf, pos)[0], pos + 8
        if code == 0xcc:
            return buf[pos], pos + 1
        if code == 0xcd:
            return _unpack_u16(buf, pos)[0], pos + 2
        if code == 0xce:
            return _unpack_u32(buf, pos)[0], pos + 4
        if code == 0xcf:
            return _unpack_u64(buf, pos)[0], pos + 8
        if code == 0xd0:
            return _unpack_i8(buf, pos)[0], pos + 1
        if code == 0xd1:
            return _unpack_i16(buf, pos)[0], pos + 2
        if code == 0xd2:
            return _unpack_i32(buf, pos)[0], pos + 4
        if code == 0xca:
            return _unpack_f32(buf, pos)[0], pos + 4
        if code == 0xd9:
            n = buf[pos]
            return str(buf[pos + 1:pos + 1 + n], 'utf-8'), pos + 1 + n
        if code == 0xda:
            n = _unpack_u16(buf, pos)[0]
            return str(buf[pos + 2:pos + 2 + n], 'utf-8'), pos + 2 + n
        if code == 0xdb:
            n = _unpack_u32(buf, pos)[0]
            return str(buf[pos + 4:pos + 4 + n], 'utf-8'), pos + 4 + n
        if code == 0xc4:
            n = buf[pos]
            return bytes(buf[pos + 1:pos + 1 + n]), pos + 1 + n
        if code == 0xc5:
            n = _unpack_u16(buf, pos)[0]
            return bytes(buf[pos + 2:pos + 2 + n]), pos + 2 + n
        if code == 0xc6:
            n = _unpack_u32(buf, pos)[0]
            return bytes(buf[pos + 4:pos + 4 + n]), pos + 4 + n
        if code == 0xdc:
            return self._array(buf, pos + 2, _unpack_u16(buf, pos)[0])
        if code == 0xdd:
            return self._array(buf, pos + 4, _unpack_u32(buf, pos)[0])
        if code == 0xde:
            return self._map(buf, pos + 2, _unpack_u16(buf, pos)[0])
        if code == 0xdf:
            return self._map(buf, pos + 4, _unpack_u32(buf, pos)[0])
        if code == 0xc7:
            return self._extension(buf, pos + 2, buf[pos], _unpack_i8(buf, pos + 1)[0])
        if code == 0xc8:
            return self._extension(buf, pos + 3, _unpack_u16(buf, pos)[0], _unpack_i8(buf, pos + 2)[0])
        if code == 0xc9:
            return self._extension(buf, pos + 5, _unpack_u32(buf, pos)[0], _unpack_i8(buf, pos + 4)[0])
        if 0xd4 <= code <= 0xd8:
            n = 1 << (code - 0xd4)
            return self._extension(buf, pos + 1, n, _unpack_i8(buf, pos)[0])
        raise ValueError('msgpack code 0x%02x is not used by pybridge' % code)

    def _array(self, buf, pos, n):
        items = []
        append = items.append
        value = self._value
        for _ in range(n):
            item, pos = value(buf, pos)
            append(item)
        return items, pos

    def _map(self, buf, pos, n):
        result = {}
        value = self._value
        for _ in range(n):
            key, pos = value(buf, pos)
            result[key], pos = value(buf, pos)
        return result, pos

    def _extension(self, buf, pos, n, code):
        end = pos + n
        payload = buf[pos:end]
        if code == EXT_BIGINT:
            return int(str(payload, 'ascii'), 16), end
        if code == EXT_SET:
            items, _ = self._value(payload, 0)
            return set(items), end
        if code == EXT_STR16:
            return bytes(payload).decode('utf-16-le', 'surrogatepass'), end
        if code == EXT_ARENA_BYTES:
            (offset, length), _ = self._value(payload, 0)
            return bytes(self.arena.view(offset, length)), end
        if code == EXT_NDARRAY:
            (dtype, shape, data), _ = self._value(payload, 0)
            np = _numpy_module()
            if type(data) is list:
                offset, length = data
                array = np.frombuffer(self.arena.view(offset, length), dtype=dtype)
                # No copy: the array is over Java's request file (writable, as an in-process copy
                # is; Java never reads it back). A function that keeps it past the call makes the
                # worker retire the arena (see retained()), so Java's next request cannot change it.
                self.views.append(array)
            else:
                array = np.frombuffer(data, dtype=dtype).copy()
            return array.reshape(shape), end
        if code == EXT_MISSING:
            return MISSING, end
        raise ValueError('msgpack extension %d is not used by pybridge' % code)

    def retained(self):
        """Whether Python kept an array over the in-arena (the caller dropped its own references)."""
        views, self.views = self.views, []
        # One reference from the list, one from getrefcount's argument, one from the loop.
        return any(sys.getrefcount(view) > 3 for view in views)


# -- shared memory ---------------------------------------------------------------------------

class Arena:
    """A file in the private shared-memory folder, mapped; grown by its writer."""

    def __init__(self, path, writer):
        import mmap
        self._mmap = mmap
        self.path = path
        self.fd = os.open(path, os.O_RDWR | (os.O_CREAT if writer else 0), 0o600)
        self.map = None
        self.size = 0
        self._address = None
        self._remap(os.fstat(self.fd).st_size)

    def _remap(self, size):
        if size > 0:
            # A new mapping; arrays over the old one keep it alive until they are gone.
            self.map = self._mmap.mmap(self.fd, size)
            self._address = None
        self.size = size

    def address(self):
        """Where the mapping starts in this process's memory."""
        if self._address is None:
            import ctypes
            anchor = ctypes.c_char.from_buffer(self.map)
            self._address = ctypes.addressof(anchor)
            del anchor  # an export of the mmap: it could not be closed while one exists
        return self._address

    def close_file(self):
        """Closes the file; the mapping stays while anything uses it."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def view(self, offset, length):
        if offset + length > self.size:
            self._remap(os.fstat(self.fd).st_size)
        return memoryview(self.map)[offset:offset + length]

    def reserve(self, needed):
        if needed > self.size:
            size = max(needed, self.size * 2, 1 << 20)
            size = (size + (1 << 20) - 1) & ~((1 << 20) - 1)
            os.ftruncate(self.fd, size)
            self._remap(size)


class Blocks:
    """Result blocks: shared-memory files, each holding one numpy array Java reads in place (a
    NumpyView) and holds until its view is gone; then Java releases the block and it is written
    again. A block keeps its mapping on both sides (a new one would cost Java a page fault per
    page on first read). Files are named by pid and number (Java opens, then deletes, them)."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.files = []   # Arena by block number
        self.free = []    # numbers Java released
        self.placed = []  # numbers the message being encoded wrote into

    def begin(self):
        self.placed = []

    def undo(self):
        self.free.extend(self.placed)
        self.placed = []

    def place(self, data, n):
        """Copies ``data`` into a block no view holds (a free one that fits, else the largest free
        one grown, else a new one) and returns its number."""
        fitting = [number for number in self.free if self.files[number].size >= n]
        if fitting:
            number = min(fitting, key=lambda k: self.files[k].size)
        elif self.free:
            number = max(self.free, key=lambda k: self.files[k].size)
        else:
            number = len(self.files)
            self.files.append(Arena('%s%d' % (self.prefix, number), True))
            self.free.append(number)
        self.free.remove(number)
        self.placed.append(number)
        arena = self.files[number]
        arena.reserve(n)
        arena.map[0:n] = data
        return number

    def release(self, numbers):
        for number in numbers:
            if 0 <= number < len(self.files) and number not in self.free:
                self.free.append(number)


# -- the worker ------------------------------------------------------------------------------

CALL, EVAL, EXEC, VERIFY = 1, 2, 3, 4
OK, RAISED, NOT_TRANSFERABLE, NOT_FOUND = 0, 1, 2, 3


class Worker:

    def __init__(self, channel_in, channel_out, settings, helper):
        self.channel_in = channel_in
        self.channel_out = channel_out
        self.settings = settings
        self.helper = helper
        self.modules = {}
        self.running = False
        self.buffer = b''
        self.decoder = Decoder()
        out_path = os.path.join(settings['folder'], 'out-%d' % os.getpid())
        self.out_arena = Arena(out_path, True)
        self.blocks = Blocks(out_path + '-b')  # ResultBlocks.fileName on Java's side
        self.encoder = Encoder(self.out_arena, self.blocks, lambda: self.decoder.arena)
        self.arenas = {}  # Java's request arenas by path: one a view gave back is named again
        self.in_path = None
        # eval and exec run in __main__, as in-process (the bootstrap leaves nothing of its own there).
        main_module = sys.modules['__main__']
        main_module.__dict__.pop('_pybridge_boot', None)
        self.globals = main_module.__dict__
        import importlib
        import inspect
        self._import = importlib.import_module
        self._awaitable = inspect.isawaitable
        self._loop = None

    # frames

    def read_frame(self):
        buffer = self.buffer
        while len(buffer) < 4:
            chunk = os.read(self.channel_in, 1 << 16)
            if not chunk:
                raise EOFError
            buffer += chunk
        (n,) = _LEN.unpack_from(buffer, 0)
        while len(buffer) < 4 + n:
            chunk = os.read(self.channel_in, max(1 << 16, 4 + n - len(buffer)))
            if not chunk:
                raise EOFError
            buffer += chunk
        self.buffer = buffer[4 + n:]
        return buffer[4:4 + n]

    def write_frame(self, chunks):
        n = 0
        for chunk in chunks:
            n += len(chunk)
        data = b''.join([_LEN.pack(n)] + chunks)
        view = memoryview(data)
        while view:
            written = os.write(self.channel_out, view)
            view = view[written:]

    # calls

    def serve(self):
        calls = 0
        import threading
        _SERVING[0] = threading.get_ident()
        while True:
            try:
                frame = self.read_frame()
            except EOFError:
                return
            calls += 1
            _CALL[0] = calls
            try:
                self.answer(frame)
            finally:
                _CALL[0] = 0

    def answer(self, frame):
        request = None
        try:
            request = self.decoder.decode_request(frame, self.switch_memory)
            self.running = True
            try:
                value = self.run(request)
            finally:
                self.running = False
            status = OK
        except _NotFound as missing:
            status, value = NOT_FOUND, str(missing)
        except NotTransferable as refused:
            status, value = NOT_TRANSFERABLE, _refusal(refused)
        except BaseException as exc:  # noqa: B036 - everything the call raised goes to Java
            self.running = False
            status, value = RAISED, self.helper.describe(exc)
            exc = None
        request = None
        try:
            chunks = self.encoder.encode([status, value, False])
        except NotTransferable as refused:
            chunks = self.encoder.encode([NOT_TRANSFERABLE, _refusal(refused), False])
        except BaseException as exc:  # noqa: B036
            chunks = self.encoder.encode([RAISED, self.helper.describe(exc), False])
        value = None
        # Only now, with the request and the result dropped, does a reference to an array over
        # Java's arena mean that Python kept it: then Java must write its next request elsewhere.
        if self.decoder.views and self.decoder.retained():
            chunks[-1] = b'\xc3'  # the answer's last element, 'retired', is the last chunk
            retired = self.arenas.pop(self.in_path, None)
            if retired is not None:
                retired.close_file()  # Java never names it again; the kept array holds its mapping
        self.write_frame(chunks)

    def switch_memory(self, memory):
        """Java's new arena (a path), or [new arena or None, [released result blocks]]."""
        if type(memory) is list:
            path, released = memory
            self.blocks.release(released)
        else:
            path = memory
        if path is not None:
            self.switch_arena(path)

    def switch_arena(self, path):
        """Java's new arena: mapped, then its file deleted (both sides have it open: nothing to leak if either dies)."""
        if path == self.in_path:
            return
        arena = self.arenas.get(path)
        if arena is None:
            arena = Arena(path, False)
            os.unlink(path)
            self.arenas[path] = arena
        self.decoder.arena = arena
        self.in_path = path

    def run(self, request):
        kind = request[0]
        if kind == CALL:
            _, _, module, function, args, keywords, shape = request
            fn = self.function(module, function)
            result = fn(*args, **keywords) if keywords else fn(*args)
            args = keywords = None
            if self._awaitable(result):
                result = self.await_(result)
            return self.shaped(result, shape)
        if kind == EVAL:
            _, _, expression, variables, shape = request
            scope = dict(self.globals, **variables) if variables else self.globals
            return self.shaped(eval(expression, scope), shape)
        if kind == EXEC:
            _, _, code, variables = request
            if variables:
                scope = dict(self.globals, **variables)
                exec(code, scope)
            else:
                exec(code, self.globals)
            return None
        if kind == VERIFY:
            _, _, module, function, positional, keywords = request
            fn = self.function(module, function)
            if not callable(fn):
                raise _NotFound("'%s.%s' is not callable" % (module, function))
            return [self.helper.signature_problem(fn, positional, keywords), self.is_coroutine(fn)]
        raise ValueError('unknown request %r' % (kind,))

    def function(self, module, function):
        mod = self.modules.get(module)
        if mod is None or sys.modules.get(module) is not mod:
            mod = self._import(module)
            self.modules[module] = mod
        try:
            return getattr(mod, function)
        except AttributeError:
            raise _NotFound("Python module '%s' has no function '%s'" % (module, function)) from None

    @staticmethod
    def is_coroutine(fn):
        import inspect
        return inspect.iscoroutinefunction(fn)

    def await_(self, awaitable):
        """An async def's result runs to its end here: a worker runs one call at a time."""
        import asyncio
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        return self._loop.run_until_complete(_as_coroutine(awaitable))

    def shaped(self, value, shape):
        if shape is None:
            return value
        return _shapes().shaped(value, shape)

    def interrupt(self, signum, frame):
        """SIGTERM from the JVM: a time limit or a cancel stops the running call."""
        if self.running:
            self.running = False
            raise self.helper.Interrupted('the call was stopped: its time limit passed or it was cancelled')


def _refusal(refused):
    """[problem, path] of a value that cannot be sent (the codec's own refusals have no path)."""
    return [getattr(refused, 'problem', str(refused)), getattr(refused, 'path', '')]


async def _as_coroutine(awaitable):
    return await awaitable


class _NotFound(Exception):
    pass


_shapes_module = None


def _shapes():
    global _shapes_module
    if _shapes_module is None:
        _shapes_module = sys.modules['_pybridge_shapes']
    return _shapes_module


# -- logging ---------------------------------------------------------------------------------

LOG_MARK = '\x1e'

# The number of the request being answered (1, 2, ... as Java counts them), 0 between requests,
# and the thread that answers them: each log line that thread writes names it, so the JVM logs it
# with that caller's context (its MDC). Lines of other threads name none: they belong to no call.
_CALL = [0]
_SERVING = [None]


def _log_writer(fd):
    """emit(levelno, logger, text) for _pybridge.install_logging: one marked line on stderr."""
    import json
    import threading
    lock = threading.Lock()
    dumps = json.dumps

    get_ident = threading.get_ident

    def emit(level, name, text):
        call = _CALL[0] if get_ident() == _SERVING[0] else 0
        line = '%s%d\x1f%d\x1f%s\x1f%s\n' % (LOG_MARK, level, call, name, dumps(text))
        data = line.encode('ascii', 'backslashreplace')
        with lock:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
    return emit


def _die_with_parent(parent):
    """The kernel kills this process when the JVM's thread that started it ends (kill -9 too)."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)
    except (OSError, AttributeError, ImportError):
        pass  # the channel's end of file still ends the worker when it is idle
    if os.getppid() != parent:
        os._exit(70)  # the JVM died before prctl took effect
    try:
        # A process group of its own: the JVM kills the group when the worker ends, so processes
        # Python code starts here (subprocess, multiprocessing) do not outlive it. Nor does a
        # terminal's Ctrl-C reach it: the JVM ends its workers itself.
        os.setpgid(0, 0)
    except OSError:
        pass


def main(settings_frame):
    """Runs the worker. settings_frame: the msgpack settings the bootstrap read."""
    settings = Decoder().decode(settings_frame)
    _die_with_parent(settings['parent'])
    # The channel moves off fds 0 and 1; fd 1 becomes stderr, so a C library's printf is logged
    # instead of corrupting frames, and fd 0 reads nothing.
    channel_in = os.dup(0)
    channel_out = os.dup(1)
    os.dup2(2, 1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    log_fd = os.dup(2)
    import types
    helper = types.ModuleType('_pybridge')
    helper.__builtins__ = __builtins__
    sys.modules['_pybridge'] = helper
    exec(compile(settings['helper'], '<pybridge>/_pybridge.py', 'exec'), helper.__dict__)
    shapes = types.ModuleType('_pybridge_shapes')
    sys.modules['_pybridge_shapes'] = shapes
    exec(compile(settings['shapes'], '<pybridge>/pybridge_shapes.py', 'exec'), shapes.__dict__)
    # One sentinel and one refusal for the shapes and the codec.
    global MISSING, NotTransferable, _MAX_DEPTH, _TOO_DEEP
    MISSING = shapes.MISSING
    NotTransferable = shapes.NotTransferable
    _MAX_DEPTH = shapes.MAX_DEPTH
    _TOO_DEEP = shapes._TOO_DEEP
    import faulthandler
    enable_faulthandler = faulthandler.enable
    helper.configure(settings['executable'], settings['prefix'], settings['site_dirs'], settings['extra_paths'],
                     settings['display_roots'])
    # Out of the JVM a fault handler is what it should be: a segfault prints the Python stack
    # to stderr (logged by the JVM and quoted in the exception of the call that crashed).
    enable_faulthandler(all_threads=True)
    helper.install_logging(_log_writer(log_fd), settings['log_level'], settings['capture_output'])
    worker = Worker(channel_in, channel_out, settings, helper)
    import signal
    signal.signal(signal.SIGTERM, worker.interrupt)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    worker.write_frame(worker.encoder.encode([OK, [os.getpid(), worker.out_arena.path], False]))
    worker.serve()
