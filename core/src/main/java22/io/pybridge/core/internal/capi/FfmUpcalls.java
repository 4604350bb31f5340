package io.pybridge.core.internal.capi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The upcalls of {@link FfmCApi}: stubs made by the linker, allocated in the global arena because
 * CPython keeps pointers to them (and to the {@code PyMethodDef}s around them) in every function
 * object and capsule for as long as the process lives.
 *
 * <p>An exception escaping an upcall would end the JVM (the linker's rule: a Java exception
 * cannot unwind C frames), so each target runs inside a guard: a Java function that throws
 * anyway (a {@code StackOverflowError}, say) becomes a Python {@code SystemError}, and a
 * destructor that throws is reported and otherwise ignored.
 */
final class FfmUpcalls {

    /** {@code METH_VARARGS}: the C function receives {@code (self, args_tuple)}. */
    private static final int METH_VARARGS = 0x0001;

    /** {@code PyMethodDef}: {@code ml_name}, {@code ml_meth}, {@code ml_flags} (int, padded), {@code ml_doc}. */
    private static final long METHOD_DEF_SIZE = 32;

    private static final MethodHandle GUARDED_METHOD;

    private static final MethodHandle GUARDED_DESTRUCTOR;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            GUARDED_METHOD = lookup.findVirtual(GuardedMethod.class, "invoke",
                    MethodType.methodType(long.class, long.class, long.class));
            GUARDED_DESTRUCTOR = lookup.findVirtual(GuardedDestructor.class, "invoke",
                    MethodType.methodType(void.class, long.class));
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private FfmUpcalls() {
    }

    /** A {@code PyMethodDef} whose C function runs {@code target}; {@code failed} turns a throwable into a Python error. */
    static long methodDef(String name, CApi.MethodTarget target, Consumer<Throwable> failed) {
        MemorySegment stub = FfmLibrary.LINKER.upcallStub(GUARDED_METHOD.bindTo(new GuardedMethod(target, failed)),
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG), Arena.global());
        byte[] utf8 = (name + "\0").getBytes(StandardCharsets.UTF_8);
        MemorySegment nameSegment = Arena.global().allocate(utf8.length);
        MemorySegment.copy(utf8, 0, nameSegment, JAVA_BYTE, 0, utf8.length);
        MemorySegment def = Arena.global().allocate(METHOD_DEF_SIZE, 8);
        def.set(ADDRESS, 0, nameSegment);
        def.set(ADDRESS, 8, stub);
        def.set(JAVA_INT, 16, METH_VARARGS);
        def.set(ADDRESS, 24, MemorySegment.NULL);
        return def.address();
    }

    /** A {@code PyCapsule_Destructor} running {@code target}. */
    static long capsuleDestructor(CApi.DestructorTarget target) {
        return FfmLibrary.LINKER.upcallStub(GUARDED_DESTRUCTOR.bindTo(new GuardedDestructor(target)),
                FunctionDescriptor.ofVoid(JAVA_LONG), Arena.global()).address();
    }


    private record GuardedMethod(CApi.MethodTarget target, Consumer<Throwable> failed) {

        long invoke(long self, long args) {
            try {
                return target.invoke(self, args);
            }
            catch (Throwable ex) {
                try {
                    failed.accept(ex);
                }
                catch (Throwable ignored) {
                    // nothing more can be done in an upcall; Python sees NULL without an exception set
                }
                return 0;
            }
        }
    }

    private record GuardedDestructor(CApi.DestructorTarget target) {

        void invoke(long capsule) {
            try {
                target.invoke(capsule);
            }
            catch (Throwable ex) {
                try {
                    System.getLogger(FfmUpcalls.class.getName()).log(System.Logger.Level.ERROR,
                            "a capsule destructor failed", ex);
                }
                catch (Throwable ignored) {
                    // a destructor must return to C whatever happens
                }
            }
        }
    }
}
