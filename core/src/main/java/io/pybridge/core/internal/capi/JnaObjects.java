package io.pybridge.core.internal.capi;

/**
 * Objects and calls over JNA: reference counts, attributes, items, comparison, iteration, types,
 * capsules and the call itself, {@code PyObject_VectorcallDict} (CPython's {@code object.h} and
 * {@code abstract.h}). JNA copies a {@code long[]} argument to native memory and back around
 * the call.
 *
 * <p>The third layer of {@link JnaCApi}.
 */
abstract class JnaObjects extends JnaThreads {

    @Override
    public native void Py_IncRef(long obj);

    @Override
    public native void Py_DecRef(long obj);

    @Override
    public native long PyObject_GetAttrString(long obj, byte[] name);

    @Override
    public native int PyObject_SetAttrString(long obj, byte[] name, long value);

    @Override
    public native long PyObject_GetAttr(long obj, long name);

    @Override
    public native long PyObject_Str(long obj);

    @Override
    public native long PyObject_Repr(long obj);

    @Override
    public native int PyObject_RichCompareBool(long a, long b, int op);

    @Override
    public native long PyObject_Hash(long obj);

    @Override
    public native long PyObject_Length(long obj);

    @Override
    public native long PyObject_GetItem(long obj, long key);

    @Override
    public native int PyObject_SetItem(long obj, long key, long value);

    @Override
    public native int PyCallable_Check(long obj);

    @Override
    public native long PyObject_GetIter(long obj);

    @Override
    public native long PyIter_Next(long iterator);

    @Override
    public native long PyType_GetFlags(long type);

    @Override
    public native int PyType_IsSubtype(long a, long b);

    @Override
    public native long PyObject_VectorcallDict(long callable, long[] args, long nargs, long kwargs);

    @Override
    public native long PyCFunction_NewEx(long methodDef, long self, long module);

    @Override
    public native long PyCapsule_New(long pointer, long name, long destructor);

    @Override
    public native long PyCapsule_GetPointer(long capsule, long name);
}
