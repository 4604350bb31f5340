package io.pybridge.autoconfigure.devtools.app;

/** What a Python ValueError of {@link UnitsClient} becomes. */
public class NegativeValueException extends RuntimeException {

    public NegativeValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
