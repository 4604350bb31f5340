package io.pybridge.core.internal.capi;

/**
 * Modules and code over JNA: importing, module dicts, compiling and evaluating source, functions
 * over code objects, and a frame's code for tracebacks (CPython's {@code import.h},
 * {@code pythonrun.h}, {@code ceval.h}, {@code funcobject.h} and {@code frameobject.h}).
 *
 * <p>The fifth layer of {@link JnaCApi}.
 */
abstract class JnaCode extends JnaErrors {

    @Override
    public native long PyImport_ImportModule(byte[] name);

    @Override
    public native long PyImport_AddModule(byte[] name);

    @Override
    public native long PyModule_GetDict(long module);

    @Override
    public native long Py_CompileString(byte[] source, byte[] filename, int start);

    @Override
    public native long PyEval_EvalCode(long code, long globals, long locals);

    @Override
    public native long PyFunction_New(long code, long globals);

    @Override
    public native long PyFrame_GetCode(long frame);
}
