/**
 * Worker processes: Python calls run in separate CPython processes, so a crash in C code ends a
 * worker and not the JVM. {@link io.pybridge.core.internal.process.WorkerProcesses} is the set
 * (start, take a free worker, replace, memory limit, close); {@code WorkerProcess} one process and
 * its channel (stdin/stdout pipes, msgpack frames: {@code WireFormat}, {@code WireWriter},
 * {@code WireReader}; arrays and large byte strings through {@code SharedArena} files in a
 * {@code PrivateFolder}); {@code WorkerSession} the {@code PythonSession} over it; the conversion
 * between Java values and the wire tree in {@code ArgumentTrees}, {@code ResultShapes},
 * {@code ResultReader}. The Python side is the {@code pybridge_worker.py} resource.
 */
@NullMarked
package io.pybridge.core.internal.process;

import org.jspecify.annotations.NullMarked;
