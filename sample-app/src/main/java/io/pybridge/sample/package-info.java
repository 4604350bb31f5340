/**
 * The sample Spring Boot service.
 */
@NullMarked
package io.pybridge.sample;

import org.jspecify.annotations.NullMarked;

