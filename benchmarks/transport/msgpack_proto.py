"""Pure-Python msgpack encoder/decoder: a measurement prototype.

Only the standard library (struct) is used, because the worker side of
pybridge may not depend on PyPI packages. This is the prototype used to
measure what a pure-Python msgpack costs against json/pickle/marshal; the
real codec is written separately. It is kept simple but not naive:
precompiled struct objects, one list of chunks joined once, and a
memoryview-based decoder that never copies the input buffer except for
str/bin payloads.

Types: nil, bool, int (-2**63 .. 2**64-1), float (always float64), str
(utf-8), bytes/bytearray/memoryview (bin), list/tuple (array), dict (map),
ExtType (ext). Decoded arrays are lists, bin is bytes, ext is ExtType.
"""

import struct

__all__ = ["ExtType", "packb", "unpackb"]


class ExtType:
    __slots__ = ("code", "data")

    def __init__(self, code, data):
        if not -128 <= code <= 127:
            raise ValueError("ext code out of range")
        self.code = code
        self.data = bytes(data)

    def __eq__(self, other):
        return isinstance(other, ExtType) and (self.code, self.data) == (other.code, other.data)

    def __repr__(self):
        return "ExtType(%d, %r)" % (self.code, self.data)


_B = struct.Struct(">B")
_b = struct.Struct(">b")
_H = struct.Struct(">H")
_h = struct.Struct(">h")
_I = struct.Struct(">I")
_i = struct.Struct(">i")
_Q = struct.Struct(">Q")
_q = struct.Struct(">q")
_d = struct.Struct(">d")
# head byte + payload, precompiled
_Bb = struct.Struct(">Bb")
_BB = struct.Struct(">BB")
_BH = struct.Struct(">BH")
_Bh = struct.Struct(">Bh")
_BI = struct.Struct(">BI")
_Bi = struct.Struct(">Bi")
_BQ = struct.Struct(">BQ")
_Bq = struct.Struct(">Bq")
_Bd = struct.Struct(">Bd")
_BBb = struct.Struct(">BBb")
_BHb = struct.Struct(">BHb")
_BIb = struct.Struct(">BIb")

# single-byte encodings precomputed
_FIXINT = [bytes((i,)) for i in range(128)] + [bytes((0x100 + i,)) for i in range(-32, 0)]
_NIL, _FALSE, _TRUE = b"\xc0", b"\xc2", b"\xc3"


_FIXSTR = [bytes((0xA0 | n,)) for n in range(32)]
_FIXARRAY = [bytes((0x90 | n,)) for n in range(16)]
_FIXMAP = [bytes((0x80 | n,)) for n in range(16)]
_EXT_FIXED = {1: 0xD4, 2: 0xD5, 4: 0xD6, 8: 0xD7, 16: 0xD8}


def _pack(obj, out):
    t = type(obj)
    if t is str:
        data = obj.encode("utf-8")
        n = len(data)
        if n < 32:
            out.append(_FIXSTR[n])
        elif n <= 0xFF:
            out.append(_BB.pack(0xD9, n))
        elif n <= 0xFFFF:
            out.append(_BH.pack(0xDA, n))
        elif n <= 0xFFFFFFFF:
            out.append(_BI.pack(0xDB, n))
        else:
            raise ValueError("str too large")
        out.append(data)
    elif t is int:
        if 0 <= obj < 128:
            out.append(_FIXINT[obj])
        elif -32 <= obj < 0:
            out.append(_FIXINT[160 + obj])
        elif obj > 0:
            if obj <= 0xFF:
                out.append(_BB.pack(0xCC, obj))
            elif obj <= 0xFFFF:
                out.append(_BH.pack(0xCD, obj))
            elif obj <= 0xFFFFFFFF:
                out.append(_BI.pack(0xCE, obj))
            elif obj <= 0xFFFFFFFFFFFFFFFF:
                out.append(_BQ.pack(0xCF, obj))
            else:
                raise OverflowError("int too large for msgpack")
        else:
            if obj >= -0x80:
                out.append(_Bb.pack(0xD0, obj))
            elif obj >= -0x8000:
                out.append(_Bh.pack(0xD1, obj))
            elif obj >= -0x80000000:
                out.append(_Bi.pack(0xD2, obj))
            elif obj >= -0x8000000000000000:
                out.append(_Bq.pack(0xD3, obj))
            else:
                raise OverflowError("int too small for msgpack")
    elif t is float:
        out.append(_Bd.pack(0xCB, obj))
    elif obj is None:
        out.append(_NIL)
    elif obj is True:
        out.append(_TRUE)
    elif obj is False:
        out.append(_FALSE)
    elif t is list or t is tuple:
        n = len(obj)
        if n < 16:
            out.append(_FIXARRAY[n])
        elif n <= 0xFFFF:
            out.append(_BH.pack(0xDC, n))
        else:
            out.append(_BI.pack(0xDD, n))
        for item in obj:
            _pack(item, out)
    elif t is dict:
        n = len(obj)
        if n < 16:
            out.append(_FIXMAP[n])
        elif n <= 0xFFFF:
            out.append(_BH.pack(0xDE, n))
        else:
            out.append(_BI.pack(0xDF, n))
        for k, v in obj.items():
            _pack(k, out)
            _pack(v, out)
    elif t is bytes or t is bytearray or t is memoryview:
        n = obj.nbytes if t is memoryview else len(obj)
        if n <= 0xFF:
            out.append(_BB.pack(0xC4, n))
        elif n <= 0xFFFF:
            out.append(_BH.pack(0xC5, n))
        elif n <= 0xFFFFFFFF:
            out.append(_BI.pack(0xC6, n))
        else:
            raise ValueError("bin too large")
        out.append(obj)
    elif t is ExtType:
        n = len(obj.data)
        fixed = _EXT_FIXED.get(n)
        if fixed is not None:
            out.append(_Bb.pack(fixed, obj.code))
        elif n <= 0xFF:
            out.append(_BBb.pack(0xC7, n, obj.code))
        elif n <= 0xFFFF:
            out.append(_BHb.pack(0xC8, n, obj.code))
        elif n <= 0xFFFFFFFF:
            out.append(_BIb.pack(0xC9, n, obj.code))
        else:
            raise ValueError("ext too large")
        out.append(obj.data)
    elif isinstance(obj, bool):  # unreachable for real bools; subclasses
        out.append(_TRUE if obj else _FALSE)
    elif isinstance(obj, int):
        _pack(int(obj), out)
    elif isinstance(obj, float):
        _pack(float(obj), out)
    elif isinstance(obj, str):
        _pack(str(obj), out)
    else:
        raise TypeError("cannot msgpack %s" % t.__name__)


def packb(obj):
    out = []
    _pack(obj, out)
    return b"".join(out)


def _unpack(buf, pos):
    """Decode one object from memoryview buf at pos; return (obj, newpos)."""
    b = buf[pos]
    pos += 1
    if b <= 0x7F:
        return b, pos
    if b >= 0xE0:
        return b - 0x100, pos
    if 0xA0 <= b <= 0xBF:
        n = b & 0x1F
        end = pos + n
        return str(buf[pos:end], "utf-8"), end
    if 0x90 <= b <= 0x9F:
        return _unpack_array(buf, pos, b & 0x0F)
    if 0x80 <= b <= 0x8F:
        return _unpack_map(buf, pos, b & 0x0F)
    if b == 0xCB:
        return _d.unpack_from(buf, pos)[0], pos + 8
    if b == 0xC0:
        return None, pos
    if b == 0xC2:
        return False, pos
    if b == 0xC3:
        return True, pos
    if b == 0xCC:
        return buf[pos], pos + 1
    if b == 0xCD:
        return _H.unpack_from(buf, pos)[0], pos + 2
    if b == 0xCE:
        return _I.unpack_from(buf, pos)[0], pos + 4
    if b == 0xCF:
        return _Q.unpack_from(buf, pos)[0], pos + 8
    if b == 0xD0:
        return _b.unpack_from(buf, pos)[0], pos + 1
    if b == 0xD1:
        return _h.unpack_from(buf, pos)[0], pos + 2
    if b == 0xD2:
        return _i.unpack_from(buf, pos)[0], pos + 4
    if b == 0xD3:
        return _q.unpack_from(buf, pos)[0], pos + 8
    if b == 0xCA:
        return struct.unpack_from(">f", buf, pos)[0], pos + 4
    if b in (0xD9, 0xDA, 0xDB, 0xC4, 0xC5, 0xC6):
        if b in (0xD9, 0xC4):
            n = buf[pos]
            pos += 1
        elif b in (0xDA, 0xC5):
            n = _H.unpack_from(buf, pos)[0]
            pos += 2
        else:
            n = _I.unpack_from(buf, pos)[0]
            pos += 4
        end = pos + n
        if end > len(buf):
            raise ValueError("truncated msgpack data")
        if b >= 0xD9:
            return str(buf[pos:end], "utf-8"), end
        return bytes(buf[pos:end]), end
    if b == 0xDC:
        return _unpack_array(buf, pos + 2, _H.unpack_from(buf, pos)[0])
    if b == 0xDD:
        return _unpack_array(buf, pos + 4, _I.unpack_from(buf, pos)[0])
    if b == 0xDE:
        return _unpack_map(buf, pos + 2, _H.unpack_from(buf, pos)[0])
    if b == 0xDF:
        return _unpack_map(buf, pos + 4, _I.unpack_from(buf, pos)[0])
    if 0xD4 <= b <= 0xD8:
        n = 1 << (b - 0xD4)
        code = _b.unpack_from(buf, pos)[0]
        pos += 1
        return ExtType(code, buf[pos:pos + n]), pos + n
    if b in (0xC7, 0xC8, 0xC9):
        if b == 0xC7:
            n = buf[pos]
            pos += 1
        elif b == 0xC8:
            n = _H.unpack_from(buf, pos)[0]
            pos += 2
        else:
            n = _I.unpack_from(buf, pos)[0]
            pos += 4
        code = _b.unpack_from(buf, pos)[0]
        pos += 1
        return ExtType(code, buf[pos:pos + n]), pos + n
    raise ValueError("invalid msgpack head byte 0x%02x" % b)


def _unpack_array(buf, pos, n):
    items = []
    append = items.append
    for _ in range(n):
        # inline the two commonest cases: float64 and fixint
        b = buf[pos]
        if b == 0xCB:
            append(_d.unpack_from(buf, pos + 1)[0])
            pos += 9
        elif b <= 0x7F:
            append(b)
            pos += 1
        else:
            obj, pos = _unpack(buf, pos)
            append(obj)
    return items, pos


def _unpack_map(buf, pos, n):
    d = {}
    for _ in range(n):
        b = buf[pos]
        if 0xA0 <= b <= 0xBF:  # fixstr key, the common case
            end = pos + 1 + (b & 0x1F)
            k = str(buf[pos + 1:end], "utf-8")
            pos = end
        else:
            k, pos = _unpack(buf, pos)
        b = buf[pos]
        if b <= 0x7F:
            d[k] = b
            pos += 1
        else:
            d[k], pos = _unpack(buf, pos)
    return d, pos


def unpackb(data):
    buf = memoryview(data)
    if buf.ndim != 1 or buf.itemsize != 1:
        buf = buf.cast("B")
    try:
        obj, pos = _unpack(buf, 0)
    except (IndexError, struct.error):
        raise ValueError("truncated msgpack data") from None
    if pos != len(buf):
        raise ValueError("extra bytes after msgpack object")
    return obj


if __name__ == "__main__":
    # self-check: round trips and a few known encodings from the msgpack spec
    cases = [
        None, True, False, 0, 127, 128, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**64 - 1,
        -1, -32, -33, -128, -129, -32768, -32769, -2**31, -2**31 - 1, -2**63,
        1.5, -0.0, float("inf"), "", "a" * 31, "a" * 32, "é" * 200, "x" * 70000,
        b"", b"\x00" * 300, bytearray(b"ab"), [], list(range(20)), {}, {str(i): i for i in range(20)},
        ExtType(5, b"x"), ExtType(-1, b"12345678"), ExtType(3, b"abc"), ExtType(1, b"z" * 300),
        [1, 42, "scoring", "predict", [1.5, "text", 7], {"top_k": 3}, None],
    ]
    for c in cases:
        r = unpackb(packb(c))
        exp = bytes(c) if isinstance(c, bytearray) else c
        assert r == exp and type(r) is type(exp), (c, r)
    assert unpackb(packb((1, 2))) == [1, 2]
    assert packb(None) == b"\xc0" and packb(-1) == b"\xff" and packb(128) == b"\xcc\x80"
    assert packb("a") == b"\xa1a" and packb([1]) == b"\x91\x01" and packb({"a": 1}) == b"\x81\xa1a\x01"
    assert packb(1.0) == b"\xcb\x3f\xf0" + b"\x00" * 6
    assert packb(-2**63) == b"\xd3\x80" + b"\x00" * 7
    for bad in (b"\xc1", b"\x92\x01", b"\x01\x02"):
        try:
            unpackb(bad)
        except ValueError:
            pass
        else:
            raise AssertionError(bad)
    print("msgpack_proto self-check ok")
