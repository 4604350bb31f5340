package io.pybridge.core.exception;

/** A submitted Python call was cancelled before it started running. */
public class PythonCancelledException extends PythonBridgeException {

    private static final long serialVersionUID = 1L;

    public PythonCancelledException(String message) {
        super(message);
    }
}
