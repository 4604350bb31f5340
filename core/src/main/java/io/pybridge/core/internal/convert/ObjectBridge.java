package io.pybridge.core.internal.convert;

/**
 * What the converters need from the runtime for values that are not plain data: Java functions
 * that become Python callables, and Python objects that stay Python objects behind a handle.
 * All methods run holding the GIL.
 */
public interface ObjectBridge {

    /** A new reference to a Python callable for a Java functional object, or 0 if it is not one. */
    long callableFor(Object value);

    /** The new reference behind a Java handle to a Python object, or 0 if {@code value} is not one. */
    long referenceOf(Object value);

    /** A Java handle holding its own reference to {@code borrowed}. */
    Object handleFor(long borrowed);

    /**
     * The Python iterator {@code borrowed} behind a handle of its own, read one item per call through the gate
     * of the interpreter it belongs to, each item converted to {@code itemType}.
     */
    PythonItems itemsOf(long borrowed, java.lang.reflect.Type itemType);
}
