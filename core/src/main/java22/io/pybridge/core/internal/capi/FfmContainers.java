package io.pybridge.core.internal.capi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * Lists, tuples, dicts and sets over {@code java.lang.foreign} (CPython's {@code listobject.h},
 * {@code tupleobject.h}, {@code dictobject.h} and {@code setobject.h}). The list and tuple item
 * readers and the sizes are {@link FfmLibrary#CRITICAL}: they neither block nor allocate nor run
 * Python code.
 *
 * <p>The seventh layer of {@link FfmCApi}.
 */
abstract class FfmContainers extends FfmConversions {

    private static final MethodHandle PyList_New = FfmLibrary.function("PyList_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyList_SetItem = FfmLibrary.function("PyList_SetItem", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyList_GetItem = FfmLibrary.function("PyList_GetItem", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyList_Size = FfmLibrary.function("PyList_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyTuple_New = FfmLibrary.function("PyTuple_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyTuple_SetItem = FfmLibrary.function("PyTuple_SetItem", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyTuple_GetItem = FfmLibrary.function("PyTuple_GetItem", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyTuple_Size = FfmLibrary.function("PyTuple_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyDict_New = FfmLibrary.function("PyDict_New", FunctionDescriptor.of(JAVA_LONG));
    private static final MethodHandle PyDict_Copy = FfmLibrary.function("PyDict_Copy", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyDict_SetItem = FfmLibrary.function("PyDict_SetItem", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyDict_SetItemString = FfmLibrary.function("PyDict_SetItemString", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyDict_GetItemString = FfmLibrary.function("PyDict_GetItemString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyDict_Next = FfmLibrary.function("PyDict_Next", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyDict_Size = FfmLibrary.function("PyDict_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PySet_New = FfmLibrary.function("PySet_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PySet_Add = FfmLibrary.function("PySet_Add", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PySet_Size = FfmLibrary.function("PySet_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);

    @Override
    public long PyList_New(long size) {
        try {
            return (long) PyList_New.invokeExact(size);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyList_SetItem(long list, long index, long item) {
        try {
            return (int) PyList_SetItem.invokeExact(list, index, item);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyList_GetItem(long list, long index) {
        try {
            return (long) PyList_GetItem.invokeExact(list, index);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyList_Size(long list) {
        try {
            return (long) PyList_Size.invokeExact(list);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyTuple_New(long size) {
        try {
            return (long) PyTuple_New.invokeExact(size);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyTuple_SetItem(long tuple, long index, long item) {
        try {
            return (int) PyTuple_SetItem.invokeExact(tuple, index, item);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyTuple_GetItem(long tuple, long index) {
        try {
            return (long) PyTuple_GetItem.invokeExact(tuple, index);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyTuple_Size(long tuple) {
        try {
            return (long) PyTuple_Size.invokeExact(tuple);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyDict_New() {
        try {
            return (long) PyDict_New.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyDict_Copy(long dict) {
        try {
            return (long) PyDict_Copy.invokeExact(dict);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyDict_SetItem(long dict, long key, long value) {
        try {
            return (int) PyDict_SetItem.invokeExact(dict, key, value);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyDict_SetItemString(long dict, byte[] key, long value) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (int) PyDict_SetItemString.invokeExact(dict, scratch.cString(key), value);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyDict_GetItemString(long dict, byte[] key) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) PyDict_GetItemString.invokeExact(dict, scratch.cString(key));
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public int PyDict_Next(long dict, long[] position, long[] key, long[] value) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            long positionCell = scratch.words(position, 0);
            long keyCell = scratch.words(key, 0);
            long valueCell = scratch.words(value, 0);
            int more = (int) PyDict_Next.invokeExact(dict, positionCell, keyCell, valueCell);
            FfmScratch.copyBack(positionCell, position);
            FfmScratch.copyBack(keyCell, key);
            FfmScratch.copyBack(valueCell, value);
            return more;
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyDict_Size(long dict) {
        try {
            return (long) PyDict_Size.invokeExact(dict);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PySet_New(long iterable) {
        try {
            return (long) PySet_New.invokeExact(iterable);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PySet_Add(long set, long key) {
        try {
            return (int) PySet_Add.invokeExact(set, key);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PySet_Size(long set) {
        try {
            return (long) PySet_Size.invokeExact(set);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }
}
