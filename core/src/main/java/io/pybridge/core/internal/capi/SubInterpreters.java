package io.pybridge.core.internal.capi;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code Py_NewInterpreterFromConfig} (3.12+), the one C API function pybridge calls that returns
 * a struct by value ({@code PyStatus}); JNA's generic invocation handles that, at a cost that does
 * not matter for a call made once per pooled interpreter at boot.
 */
final class SubInterpreters {

    private SubInterpreters() {
    }

    static long create(NativeLibrary library) {
        Function function = library.getFunction("Py_NewInterpreterFromConfig");
        Memory tstate = new Memory(Long.BYTES);
        tstate.setLong(0, 0);
        int[] isolated = IsolatedInterpreterConfig.fields();
        Memory config = new Memory((long) isolated.length * Integer.BYTES);
        config.write(0, isolated, 0, isolated.length);
        Status status = (Status) function.invoke(Status.class, new Object[] { tstate, config });
        if (status.type != 0) {
            String where = status.func == null ? "" : status.func.getString(0) + ": ";
            String message = status.message == null ? "unknown error" : status.message.getString(0);
            throw new IllegalStateException(where + message);
        }
        return tstate.getLong(0);
    }

    /** {@code PyStatus}: {@code _type} (0 ok, 1 error, 2 exit), {@code func}, {@code err_msg}, {@code exitcode}. */
    @FieldOrder({ "type", "func", "message", "exitCode" })
    public static final class Status extends Structure implements Structure.ByValue {

        public int type;

        public Pointer func;

        public Pointer message;

        public int exitCode;
    }
}
