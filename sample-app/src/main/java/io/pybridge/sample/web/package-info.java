/**
 * Web plumbing of the sample service: strict JSON, request body limits, error responses.
 */
@NullMarked
package io.pybridge.sample.web;

import org.jspecify.annotations.NullMarked;

