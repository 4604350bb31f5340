package io.pybridge.core.runtime;

import java.nio.file.Path;

/**
 * A CPython that ships with the application instead of being installed on the host, found with
 * {@link java.util.ServiceLoader} (the {@code pybridge-python-embedded} module provides one).
 * It is used when no Python is configured: an explicit library, executable or virtualenv, or
 * the {@value PythonRuntimeConfig#LIBRARY_ENV} / {@value PythonRuntimeConfig#EXECUTABLE_ENV}
 * environment variables, still win; {@code python3} on the PATH comes after it.
 */
public interface BundledPython {

    /** What it is, for the startup log, e.g. {@code CPython 3.13.5 (org.bytedeco:cpython, linux-x86_64)}. */
    String description();

    /** Whether it can run on this operating system and architecture. */
    boolean isAvailable();

    /**
     * Puts the distribution on disk below {@code cacheRoot} unless an intact copy is there
     * already, and returns its shared libpython. Must be safe when several JVMs start at once.
     *
     * @throws IllegalStateException if it cannot be put on disk
     */
    Path library(Path cacheRoot);

    /**
     * Like {@link #library(Path)}, but returns the distribution's Python executable, for tools
     * that run it at build time (the Maven plugin installs packages with it).
     *
     * @throws UnsupportedOperationException if this distribution ships no executable
     */
    default Path executable(Path cacheRoot) {
        throw new UnsupportedOperationException(description() + " ships no Python executable");
    }
}
