/**
 * Folders of the classpath made folders on disk that Python can read: a bundled CPython, the
 * application's Python sources and the packages the build installed. {@link
 * io.pybridge.core.classpath.ClasspathFolder} is the entry point; a folder inside a jar (also a
 * jar nested in a Spring Boot executable jar) is unpacked once into the cache folder, named by
 * a hash of its content, reused while intact, and never deleted while a JVM uses it. A folder
 * that someone other than the JVM's user (or root) could have written is reused only if it is
 * byte for byte the jar's content ({@link io.pybridge.core.classpath.UntrustedCacheFolderException}
 * otherwise).
 */
@NullMarked
package io.pybridge.core.classpath;

import org.jspecify.annotations.NullMarked;
