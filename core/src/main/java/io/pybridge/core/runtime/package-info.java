/**
 * What describes a runtime: its configuration, the installation it found, and the snapshots health and metrics read.
 * Values only: depends on nothing of pybridge but its exceptions.
 */
@NullMarked
package io.pybridge.core.runtime;

import org.jspecify.annotations.NullMarked;

