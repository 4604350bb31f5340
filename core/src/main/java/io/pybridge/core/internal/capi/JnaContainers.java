package io.pybridge.core.internal.capi;

/**
 * Lists, tuples, dicts and sets over JNA (CPython's {@code listobject.h}, {@code tupleobject.h},
 * {@code dictobject.h} and {@code setobject.h}).
 *
 * <p>The seventh layer of {@link JnaCApi}.
 */
abstract class JnaContainers extends JnaConversions {

    @Override
    public native long PyList_New(long size);

    @Override
    public native int PyList_SetItem(long list, long index, long item);

    @Override
    public native long PyList_GetItem(long list, long index);

    @Override
    public native long PyList_Size(long list);

    @Override
    public native long PyTuple_New(long size);

    @Override
    public native int PyTuple_SetItem(long tuple, long index, long item);

    @Override
    public native long PyTuple_GetItem(long tuple, long index);

    @Override
    public native long PyTuple_Size(long tuple);

    @Override
    public native long PyDict_New();

    @Override
    public native long PyDict_Copy(long dict);

    @Override
    public native int PyDict_SetItem(long dict, long key, long value);

    @Override
    public native int PyDict_SetItemString(long dict, byte[] key, long value);

    @Override
    public native long PyDict_GetItemString(long dict, byte[] key);

    @Override
    public native int PyDict_Next(long dict, long[] position, long[] key, long[] value);

    @Override
    public native long PyDict_Size(long dict);

    @Override
    public native long PySet_New(long iterable);

    @Override
    public native int PySet_Add(long set, long key);

    @Override
    public native long PySet_Size(long set);
}
