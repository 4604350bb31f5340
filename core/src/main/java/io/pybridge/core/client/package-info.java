/**
 * {@code @PythonCall} client interfaces: the annotations, {@link io.pybridge.core.client.PythonClientFactory} and the decorator SPI that resilience wiring plugs into.
 */
@NullMarked
package io.pybridge.core.client;

import org.jspecify.annotations.NullMarked;

