"""The stack of the thread running Python, as the C library reports it (PythonThreadStackAutoConfigurationTests)."""
import ctypes

_libc = ctypes.CDLL(None)
_libc.pthread_self.restype = ctypes.c_ulong


def size():
    attributes = ctypes.create_string_buffer(256)  # pthread_attr_t is 56 bytes on x86-64 Linux
    if _libc.pthread_getattr_np(ctypes.c_ulong(_libc.pthread_self()), attributes) != 0:
        return -1
    try:
        low = ctypes.c_void_p()
        length = ctypes.c_size_t()
        _libc.pthread_attr_getstack(attributes, ctypes.byref(low), ctypes.byref(length))
        return length.value
    finally:
        _libc.pthread_attr_destroy(attributes)
