package io.pybridge.core.internal.capi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * Objects and calls over {@code java.lang.foreign}: reference counts, attributes, items,
 * comparison, iteration, types, capsules and the call itself, {@code PyObject_VectorcallDict}
 * (CPython's {@code object.h} and {@code abstract.h}). {@code Py_DecRef} is not
 * {@link FfmLibrary#CRITICAL}: the last reference going runs the object's finalizer, Python code.
 *
 * <p>The third layer of {@link FfmCApi}.
 */
abstract class FfmObjects extends FfmThreads {

    /** {@code PY_VECTORCALL_ARGUMENTS_OFFSET}: {@code args[-1]} is ours, so a bound method can prepend {@code self} in place. */
    private static final long VECTORCALL_ARGUMENTS_OFFSET = 1L << 63;

    private static final MethodHandle Py_IncRef = FfmLibrary.function("Py_IncRef", FunctionDescriptor.ofVoid(JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle Py_DecRef = FfmLibrary.function("Py_DecRef", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle PyObject_GetAttrString = FfmLibrary.function("PyObject_GetAttrString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_SetAttrString = FfmLibrary.function("PyObject_SetAttrString", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_GetAttr = FfmLibrary.function("PyObject_GetAttr", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_Str = FfmLibrary.function("PyObject_Str", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_Repr = FfmLibrary.function("PyObject_Repr", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_RichCompareBool = FfmLibrary.function("PyObject_RichCompareBool", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle PyObject_Hash = FfmLibrary.function("PyObject_Hash", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_Length = FfmLibrary.function("PyObject_Length", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_GetItem = FfmLibrary.function("PyObject_GetItem", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_SetItem = FfmLibrary.function("PyObject_SetItem", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyCallable_Check = FfmLibrary.function("PyCallable_Check", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
    private static final MethodHandle PyObject_GetIter = FfmLibrary.function("PyObject_GetIter", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyIter_Next = FfmLibrary.function("PyIter_Next", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyType_GetFlags = FfmLibrary.function("PyType_GetFlags", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyType_IsSubtype = FfmLibrary.function("PyType_IsSubtype", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyObject_VectorcallDict = FfmLibrary.function("PyObject_VectorcallDict", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyCFunction_NewEx = FfmLibrary.function("PyCFunction_NewEx", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyCapsule_New = FfmLibrary.function("PyCapsule_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyCapsule_GetPointer = FfmLibrary.function("PyCapsule_GetPointer", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);

    @Override
    public void Py_IncRef(long obj) {
        try {
            Py_IncRef.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public void Py_DecRef(long obj) {
        try {
            Py_DecRef.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_GetAttrString(long obj, byte[] name) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) PyObject_GetAttrString.invokeExact(obj, scratch.cString(name));
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public int PyObject_SetAttrString(long obj, byte[] name, long value) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (int) PyObject_SetAttrString.invokeExact(obj, scratch.cString(name), value);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyObject_GetAttr(long obj, long name) {
        try {
            return (long) PyObject_GetAttr.invokeExact(obj, name);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_Str(long obj) {
        try {
            return (long) PyObject_Str.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_Repr(long obj) {
        try {
            return (long) PyObject_Repr.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyObject_RichCompareBool(long a, long b, int op) {
        try {
            return (int) PyObject_RichCompareBool.invokeExact(a, b, op);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_Hash(long obj) {
        try {
            return (long) PyObject_Hash.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_Length(long obj) {
        try {
            return (long) PyObject_Length.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_GetItem(long obj, long key) {
        try {
            return (long) PyObject_GetItem.invokeExact(obj, key);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyObject_SetItem(long obj, long key, long value) {
        try {
            return (int) PyObject_SetItem.invokeExact(obj, key, value);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyCallable_Check(long obj) {
        try {
            return (int) PyCallable_Check.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_GetIter(long obj) {
        try {
            return (long) PyObject_GetIter.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyIter_Next(long iterator) {
        try {
            return (long) PyIter_Next.invokeExact(iterator);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyType_GetFlags(long type) {
        try {
            return (long) PyType_GetFlags.invokeExact(type);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyType_IsSubtype(long a, long b) {
        try {
            return (int) PyType_IsSubtype.invokeExact(a, b);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_VectorcallDict(long callable, long[] args, long nargs, long kwargs) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            // One free word before the arguments: callees such as bound methods put self there
            // instead of copying the array.
            long argv = scratch.words(args, 1);
            return (long) PyObject_VectorcallDict.invokeExact(callable, argv, nargs | VECTORCALL_ARGUMENTS_OFFSET, kwargs);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyCFunction_NewEx(long methodDef, long self, long module) {
        try {
            return (long) PyCFunction_NewEx.invokeExact(methodDef, self, module);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyCapsule_New(long pointer, long name, long destructor) {
        try {
            return (long) PyCapsule_New.invokeExact(pointer, name, destructor);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyCapsule_GetPointer(long capsule, long name) {
        try {
            return (long) PyCapsule_GetPointer.invokeExact(capsule, name);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }
}
