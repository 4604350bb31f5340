/**
 * pybridge's Maven plugin: {@link io.pybridge.maven.InstallPackagesMojo} ({@code pybridge:install-packages})
 * installs the Python packages a project declares with the CPython the application will run,
 * into the build output, so they ship inside the jar.
 */
@NullMarked
package io.pybridge.maven;

import org.jspecify.annotations.NullMarked;
