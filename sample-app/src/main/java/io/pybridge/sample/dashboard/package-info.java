/**
 * The live dashboard: {@code /dashboard} (a page served by the app itself, no CDN) polls
 * {@code /api/dashboard} once a second for the runtime's figures.
 */
@NullMarked
package io.pybridge.sample.dashboard;

import org.jspecify.annotations.NullMarked;
