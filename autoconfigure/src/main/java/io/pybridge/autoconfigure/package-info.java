/**
 * Spring Boot auto-configuration of the embedded interpreter: the runtime, the template and their properties.
 */
@NullMarked
package io.pybridge.autoconfigure;

import org.jspecify.annotations.NullMarked;

