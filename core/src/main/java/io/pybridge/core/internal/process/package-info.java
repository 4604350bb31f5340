/**
 * Internal: worker processes, CPython processes of their own that run Python calls, so a crash in
 * C code ends a worker and not the JVM. {@link io.pybridge.core.internal.process.WorkerProcesses} is
 * the set (start, take a free worker, replace, memory limit, close); {@code WorkerProcess} one
 * process and its channel (stdin/stdout pipes, msgpack frames: {@code WireFormat},
 * {@code WireWriter}, {@code WireReader}; arrays and large byte strings through
 * {@code SharedArena} files in a {@code PrivateFolder}; numpy results asked for as a
 * {@code NumpyView} in {@code ResultBlocks}, read in place); {@code WorkerSession} the
 * {@code PythonSession} over it. The Python side is the {@code pybridge_worker.py} resource.
 *
 * <p>Conversion: values cross as a wire tree ({@link io.pybridge.core.internal.process.WireTree}),
 * converted by the rules and with the messages of in-process conversion: arguments by
 * {@link io.pybridge.core.internal.process.ArgumentTrees}; results are shaped in the worker
 * ({@code pybridge_shapes.py}) by what {@link io.pybridge.core.internal.process.ResultShapes} says
 * the requested type needs, then read by {@link io.pybridge.core.internal.process.ResultReader}.
 *
 * <p>What differs from in-process, as no object crosses by reference:
 * <ul>
 * <li>A Python value without a natural Java form (a {@code datetime}, a class instance, a
 *     generator asked for as {@code Object}) fails in the worker ({@code NotTransferable}) where
 *     in-process it would be a {@code PythonObject} handle, or would fail with a Java-side message
 *     naming its own type; {@code PythonObject}, {@code Stream}, {@code Iterator} and {@code Flux}
 *     results, handles and Java functions as arguments are refused.
 * <li>Messages name the tree's Python types: an {@code IntEnum} is {@code 'int'}, a
 *     {@code bytearray} {@code 'bytes'}, a {@code dict} subclass {@code 'dict'}.
 * <li>The worker is more lenient in a few places: numpy scalars become int, float or bool (so a
 *     {@code numpy.int64} fills a {@code Long}), {@code memoryview} becomes bytes, and a {@code Set}
 *     takes any iterable as a {@code List} does.
 * <li>An int too large for a double fails as a {@code PythonConversionException} rather than
 *     CPython's {@code OverflowError}.
 * <li>A {@code NumpyView} argument is copied: the worker cannot see this process's memory.
 * <li>A {@code NumpyView} result is read in place, where in-process it is a copy.
 * </ul>
 */
@NullMarked
package io.pybridge.core.internal.process;

import org.jspecify.annotations.NullMarked;
