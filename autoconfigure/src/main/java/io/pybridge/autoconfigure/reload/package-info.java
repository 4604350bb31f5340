/**
 * Live Python reload in development: a watcher of the application's Python sources that runs a
 * changed file again in every interpreter ({@code PythonRuntime.reloadSources}), on by default
 * only while DevTools restarts the application, and the DevTools restart exclusion that lets a
 * changed {@code .py} file be reloaded rather than restart the context.
 */
@NullMarked
package io.pybridge.autoconfigure.reload;

import org.jspecify.annotations.NullMarked;
