/**
 * Folders of the classpath made folders on disk that Python can read: a bundled CPython, the
 * application's Python sources and the packages the build installed. {@link
 * io.pybridge.core.classpath.ClasspathFolder} is the entry point; a folder inside a jar (also a
 * jar nested in a Spring Boot executable jar) is unpacked once into the cache folder, named by
 * a hash of its content, reused while intact, and never deleted while a JVM uses it. A folder
 * that someone other than the JVM's user (or root) could write, or one under such a folder, is
 * refused ({@link io.pybridge.core.classpath.UntrustedCacheFolderException}) and nothing is
 * unpacked there.
 */
@NullMarked
package io.pybridge.core.classpath;

import org.jspecify.annotations.NullMarked;
