/**
 * Stack for the threads Spring Boot makes that call Python: the embedded web server's request
 * threads and the auto-configured task executor and scheduler, given the stack the running CPython
 * needs to run on them rather than on a worker of their own
 * ({@link io.pybridge.autoconfigure.threads.PythonThreadStackAutoConfiguration}).
 */
@NullMarked
package io.pybridge.autoconfigure.threads;

import org.jspecify.annotations.NullMarked;
