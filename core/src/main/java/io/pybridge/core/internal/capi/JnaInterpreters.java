package io.pybridge.core.internal.capi;

import com.sun.jna.WString;

/**
 * The interpreters' lives over JNA: the settings read before boot, initialization and
 * finalization, and the 3.12+ sub-interpreters with a GIL of their own (CPython's
 * {@code pylifecycle.h} and the interpreter half of {@code pystate.h}). Everything here runs on
 * the boot thread, at boot or at close, never on a call's path.
 *
 * <p>The first layer of {@link JnaCApi} (see there for why the binding is stacked). Its natives
 * are registered for this class by {@link JnaLibrary#bind}.
 */
abstract class JnaInterpreters implements CApi {

    @Override
    public void Py_SetPythonHome(String home) {
        Py_SetPythonHome(new WString(home));
    }

    /** {@code wchar_t*}: JNA passes a {@link WString} as the platform's wide string. */
    private native void Py_SetPythonHome(WString home);

    @Override
    public void Py_SetProgramName(String name) {
        Py_SetProgramName(new WString(name));
    }

    private native void Py_SetProgramName(WString name);

    @Override
    public native void Py_InitializeEx(int initsigs);

    @Override
    public native int Py_IsInitialized();

    @Override
    public native int Py_FinalizeEx();

    @Override
    public native long PyInterpreterState_Main();

    @Override
    public native long PyThreadState_GetInterpreter(long tstate);

    @Override
    public boolean hasSubInterpreterApi() {
        return JnaCApi312.isBound(); // the same release (3.12) brought both
    }

    @Override
    public long newIsolatedInterpreter() {
        return SubInterpreters.create(JnaLibrary.library());
    }

    @Override
    public native void Py_EndInterpreter(long tstate);
}
