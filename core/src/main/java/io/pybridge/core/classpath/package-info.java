/**
 * Folders of the classpath made folders on disk that Python can read: a bundled CPython, the
 * application's Python sources and the packages the build installed. {@link
 * io.pybridge.core.classpath.ClasspathFolder} is the entry point; a folder inside a jar (also a
 * jar nested in a Spring Boot executable jar) is unpacked once into the cache folder, named by
 * a hash of its content, reused while intact, and never deleted while a JVM uses it.
 */
@NullMarked
package io.pybridge.core.classpath;

import org.jspecify.annotations.NullMarked;
