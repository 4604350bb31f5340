/**
 * Auto-configuration of {@code @PythonCall} client interfaces: scanning, registration, the factory and its threads.
 */
@NullMarked
package io.pybridge.autoconfigure.client;

import org.jspecify.annotations.NullMarked;

