/**
 * The portfolio-risk endpoint: numpy in the worker processes, through a Python client.
 */
@NullMarked
package io.pybridge.sample.risk;

import org.jspecify.annotations.NullMarked;
