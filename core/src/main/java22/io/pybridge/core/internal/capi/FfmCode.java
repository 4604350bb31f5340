package io.pybridge.core.internal.capi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * Modules and code over {@code java.lang.foreign}: importing, module dicts, compiling and
 * evaluating source, functions over code objects, and a frame's code for tracebacks (CPython's
 * {@code import.h}, {@code pythonrun.h}, {@code ceval.h}, {@code funcobject.h} and
 * {@code frameobject.h}).
 *
 * <p>The fifth layer of {@link FfmCApi}.
 */
abstract class FfmCode extends FfmErrors {

    private static final MethodHandle PyImport_ImportModule = FfmLibrary.function("PyImport_ImportModule", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyImport_AddModule = FfmLibrary.function("PyImport_AddModule", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyModule_GetDict = FfmLibrary.function("PyModule_GetDict", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle Py_CompileString = FfmLibrary.function("Py_CompileString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle PyEval_EvalCode = FfmLibrary.function("PyEval_EvalCode", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyFunction_New = FfmLibrary.function("PyFunction_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyFrame_GetCode = FfmLibrary.function("PyFrame_GetCode", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));

    @Override
    public long PyImport_ImportModule(byte[] name) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) PyImport_ImportModule.invokeExact(scratch.cString(name));
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyImport_AddModule(byte[] name) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) PyImport_AddModule.invokeExact(scratch.cString(name));
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyModule_GetDict(long module) {
        try {
            return (long) PyModule_GetDict.invokeExact(module);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long Py_CompileString(byte[] source, byte[] filename, int start) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) Py_CompileString.invokeExact(scratch.cString(source), scratch.cString(filename), start);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyEval_EvalCode(long code, long globals, long locals) {
        try {
            return (long) PyEval_EvalCode.invokeExact(code, globals, locals);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyFunction_New(long code, long globals) {
        try {
            return (long) PyFunction_New.invokeExact(code, globals);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyFrame_GetCode(long frame) {
        try {
            return (long) PyFrame_GetCode.invokeExact(frame);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }
}
