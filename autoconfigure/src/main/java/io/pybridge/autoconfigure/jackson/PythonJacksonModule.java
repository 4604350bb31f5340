package io.pybridge.autoconfigure.jackson;

import io.pybridge.core.NdArray;
import io.pybridge.core.PythonObject;
import java.lang.reflect.Array;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes pybridge's values as JSON, so a controller can return them.
 *
 * <ul>
 * <li>A {@link PythonObject} goes through the natural mapping ({@code handle.as(Object.class)}:
 * a dict becomes an object, a list an array, numbers, strings, booleans and {@code None} as
 * themselves). It is then written and <b>closed</b>, since the response consumed it, and so are
 * the handles found inside it. An object without a natural mapping (a model, a regex) fails
 * the write with a message naming its {@code repr}, so the request ends in a 500 instead of
 * answering {@code {"closed":false}}. A handle that must outlive the response should be
 * converted in the controller ({@code handle.as(Map.class)}) rather than returned.</li>
 * <li>An {@link NdArray} is written as nested arrays following its shape, like numpy's
 * {@code tolist()}; {@code uint8} values are written unsigned.</li>
 * </ul>
 */
public final class PythonJacksonModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    public PythonJacksonModule() {
        super("pybridge");
        addSerializer(PythonObject.class, new PythonObjectSerializer());
        addSerializer(NdArray.class, new NdArraySerializer());
    }

    /** A handle through the natural mapping, then closed. */
    static final class PythonObjectSerializer extends StdSerializer<PythonObject> {

        PythonObjectSerializer() {
            super(PythonObject.class);
        }

        @Override
        public void serialize(PythonObject handle, JsonGenerator generator, SerializationContext context) {
            Object natural;
            String description;
            try {
                description = handle.repr();
                natural = handle.as(Object.class);
            }
            finally {
                handle.close();
            }
            if (natural instanceof PythonObject inner) {
                // No natural mapping: the conversion handed back another handle to the same object.
                inner.close();
                throw DatabindException.from(generator, "A Python object has no JSON form: " + abbreviate(description)
                        + ". Convert it in Python (to a dict, list, str or number) or in Java (handle.as(...)) first");
            }
            context.writeValue(generator, natural);
        }

        private static String abbreviate(String text) {
            return text.length() <= 200 ? text : text.substring(0, 200) + "...";
        }
    }

    /** An n-dimensional array as nested JSON arrays. */
    static final class NdArraySerializer extends StdSerializer<NdArray> {

        NdArraySerializer() {
            super(NdArray.class);
        }

        @Override
        public void serialize(NdArray array, JsonGenerator generator, SerializationContext context) {
            int[] shape = array.shape();
            write(array, shape, 0, 0, generator);
        }

        /** Writes dimension {@code axis} starting at flat index {@code offset}; returns the next offset. */
        private static int write(NdArray array, int[] shape, int axis, int offset, JsonGenerator generator) {
            if (shape.length == 0) {
                element(array, 0, generator);
                return 1;
            }
            generator.writeStartArray();
            int next = offset;
            for (int i = 0; i < shape[axis]; i++) {
                if (axis == shape.length - 1) {
                    element(array, next++, generator);
                }
                else {
                    next = write(array, shape, axis + 1, next, generator);
                }
            }
            generator.writeEndArray();
            return next;
        }

        private static void element(NdArray array, int index, JsonGenerator generator) {
            Object data = array.data();
            switch (array.dtype()) {
                case FLOAT64 -> generator.writeNumber(((double[]) data)[index]);
                case FLOAT32 -> generator.writeNumber(((float[]) data)[index]);
                case INT64 -> generator.writeNumber(((long[]) data)[index]);
                case INT32 -> generator.writeNumber(((int[]) data)[index]);
                case INT8 -> generator.writeNumber(((byte[]) data)[index]);
                case UINT8 -> generator.writeNumber(Byte.toUnsignedInt(((byte[]) data)[index]));
                default -> generator.writeNumber(String.valueOf(Array.get(data, index)));
            }
        }
    }
}
