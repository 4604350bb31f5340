package io.pybridge.core;

/**
 * What an operation does, for metrics and traces: a {@link PythonTemplate} operation, or an
 * operation on a {@link PythonObject} handle.
 *
 * @param operation {@code call}, {@code eval}, {@code exec}, {@code execute}, or {@code object}
 *     for a handle's operations
 * @param module the module of a {@code call}, {@code __main__} for {@code eval}/{@code exec},
 *     else empty
 * @param function the function of a {@code call}; for {@code object}, the method called or the
 *     Python protocol used ({@code __getattribute__}, {@code __call__}, {@code __len__},
 *     {@code close}...); else empty
 * @param interpreter where it runs: {@code main}, {@code pool} (a pooled call, before it has an
 *     interpreter), or the pooled interpreter of a handle ({@code pool-1}...)
 */
public record PythonCallDescription(String operation, String module, String function, String interpreter) {

    /** An operation in the main interpreter. */
    public PythonCallDescription(String operation, String module, String function) {
        this(operation, module, function, "main");
    }

    /** The same operation, run in {@code name}. */
    public PythonCallDescription in(String name) {
        return name.equals(interpreter) ? this : new PythonCallDescription(operation, module, function, name);
    }

    /** {@code module.function} for calls, {@code object.<function>} for handles, the operation name otherwise. */
    public String name() {
        if (function.isEmpty()) {
            return operation;
        }
        return (module.isEmpty() ? operation : module) + "." + function;
    }
}
