package io.pybridge.core.internal.capi;

import java.nio.charset.StandardCharsets;

/** The one place Java text becomes a C string: NUL-terminated UTF-8, as the C API's {@code const char*} wants. */
public final class CStrings {

    private CStrings() {
    }

    /** {@code text} as NUL-terminated UTF-8 (a text holding NUL is cut there by C, as in C). */
    public static byte[] of(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, terminated, 0, utf8.length);
        return terminated;
    }
}
