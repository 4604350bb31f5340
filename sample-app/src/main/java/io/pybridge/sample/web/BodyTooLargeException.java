package io.pybridge.sample.web;

import java.io.IOException;

/**
 * A request body grew past {@code sample.max-request-size} while it was being read. An
 * {@link IOException} so that it can be thrown from the body stream; the JSON reader wraps it
 * and {@link ApiExceptionHandler} finds it among the causes and answers 413.
 */
public class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long getLimit() {
        return limit;
    }
}
