package io.pybridge.core.internal.error;

import io.pybridge.core.exception.PythonError;
import io.pybridge.core.exception.PythonFrame;
import io.pybridge.core.internal.capi.CApi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Describes the common Python exception by reading its fields, with no Python code run: one
 * exception of a simple type (see {@code _pybridge._kind}), with no cause, no unsuppressed
 * context and no instance dict. The result is what {@code _pybridge.describe} and
 * {@link ErrorDescriptions} give for it; anything else is left to them ({@link #describe}
 * returns null).
 *
 * <p>Costs a handful of C API calls ({@code str()}, its UTF-8, the code object of each traceback
 * entry) where {@code describe} runs Python code, builds a text and the text is parsed back.
 * Types and traceback entries repeat, so both are cached, each entry holding a strong reference
 * to the type or code object it stands for: a cached address can never be reused by another
 * object while it is in the cache. Slots are direct-mapped, so both caches are bounded by
 * construction; a replaced entry's reference is released. GIL held throughout, which is also
 * what keeps the caches (plain arrays) consistent: one interpreter, one translator, one GIL.
 */
final class DirectDescriptions {

    private static final int TYPE_SLOTS = 64;

    private static final int FRAME_SLOTS = 256;

    private final CApi api;

    private final ExceptionFields fields;

    private final long typeOffset;

    /** {@code _pybridge._kind}: (header text, simple) of a type. */
    private final long kindFunction;

    /** {@code _pybridge._frame}: (code, text) of a traceback entry. */
    private final long frameFunction;

    private final long trueObject;

    private final @Nullable Kind[] kinds = new Kind[TYPE_SLOTS];

    private final @Nullable FrameEntry[] frameCache = new FrameEntry[FRAME_SLOTS];

    /** Set by {@link #release()}: nothing is cached after it (a decref there may run Python code that raises). */
    private boolean released;

    /**
     * A type seen before: a strong reference to it, its name and MRO as {@link PythonError} keeps
     * them, and whether its instances may be read here (else {@code describe} reads them).
     */
    private record Kind(long type, String name, List<String> mro, boolean simple) {
    }

    /** A traceback entry seen before: a strong reference to its code object, the offset, the frame read. */
    private record FrameEntry(long code, int lastInstruction, PythonFrame frame) {
    }

    /**
     * @param kindFunction {@code _pybridge._kind}, a reference owned by the caller
     * @param frameFunction {@code _pybridge._frame}, a reference owned by the caller
     */
    DirectDescriptions(CApi api, ExceptionFields fields, long typeOffset, long kindFunction, long frameFunction,
            long trueObject) {
        this.api = api;
        this.fields = fields;
        this.typeOffset = typeOffset;
        this.kindFunction = kindFunction;
        this.frameFunction = frameFunction;
        this.trueObject = trueObject;
    }

    /**
     * The description of {@code exception} (borrowed), or null if it is not the common case
     * (or reading it failed: {@code describe} then reads it, and reports what it finds).
     */
    @Nullable PythonError describe(long exception) {
        if (released) {
            return null;
        }
        long type = api.readWord(exception, typeOffset);
        @Nullable Kind kind = kind(type);
        if (kind == null || !kind.simple() || !common(exception)) {
            return null;
        }
        // describe() reads str() too; it may run the exception's own code, which could change the
        // rest: what was checked is checked again after it.
        @Nullable String message = message(exception);
        if (message == null || api.readWord(exception, typeOffset) != type || !common(exception)) {
            return null;
        }
        @Nullable List<PythonFrame> frames = frames(fields.traceback(exception));
        return frames == null ? null : new PythonError(kind.name(), message, kind.mro(), frames, null, null);
    }

    /** No instance dict (a JavaException's token, notes, attributes), no cause, no context unless suppressed. */
    private boolean common(long exception) {
        return fields.dict(exception) == 0 && fields.cause(exception) == 0
                && (fields.context(exception) == 0 || fields.contextSuppressed(exception));
    }

    /**
     * The frames of the traceback starting at {@code traceback} (borrowed), outermost first; null
     * if one could not be read. Each entry is held while it is read: reading one may run Python
     * code (a collection, any __del__ it calls, a cache entry released), which could cut the chain
     * (tb_next is writable) and free the rest of it.
     */
    private @Nullable List<PythonFrame> frames(long traceback) {
        List<PythonFrame> read = List.of();
        long entry = traceback;
        api.Py_IncRef(entry);
        try {
            while (entry != 0) {
                @Nullable PythonFrame frame = frame(entry);
                if (frame == null) {
                    return null;
                }
                if (read.isEmpty()) {
                    read = new ArrayList<>(4);
                }
                read.add(frame);
                long next = fields.nextEntry(entry);
                if (next != 0) {
                    api.Py_IncRef(next);
                }
                api.Py_DecRef(entry);
                entry = next;
            }
            return read;
        }
        finally {
            if (entry != 0) {
                api.Py_DecRef(entry);
            }
        }
    }

    /** {@code str(exception)} made fit as describe() makes it; null if it failed or holds lone surrogates. */
    private @Nullable String message(long exception) {
        long text = api.PyObject_Str(exception);
        if (text == 0) {
            api.PyErr_Clear();
            return null;
        }
        try {
            @Nullable String message = text(text);
            // describe() replaces the separators of its text format with spaces: so does this.
            return message == null ? null
                    : message.replace(ErrorDescriptions.FIELD_CHAR, ' ').replace(ErrorDescriptions.RECORD_CHAR, ' ');
        }
        finally {
            api.Py_DecRef(text);
        }
    }

    private @Nullable String text(long str) {
        byte @Nullable [] utf8 = api.utf8Of(str);
        if (utf8 == null) {
            api.PyErr_Clear();
            return null;
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private @Nullable Kind kind(long type) {
        int slot = Long.hashCode(type * 0x9E3779B97F4A7C15L) & (TYPE_SLOTS - 1);
        @Nullable Kind kind = kinds[slot];
        if (kind != null && kind.type() == type) {
            return kind;
        }
        long entry = api.PyObject_VectorcallDict(kindFunction, new long[] { type }, 1, 0);
        if (entry == 0) {
            api.PyErr_Clear();
            return null;
        }
        try {
            @Nullable String header = text(api.PyTuple_GetItem(entry, 0));
            if (header == null) {
                return null;
            }
            boolean simple = api.PyTuple_GetItem(entry, 1) == trueObject;
            // The header is "name US mro US", as describe() starts a record.
            int nameEnd = header.indexOf(ErrorDescriptions.FIELD_CHAR);
            int mroEnd = header.length() - 1;
            if (nameEnd < 0 || mroEnd <= nameEnd || header.charAt(mroEnd) != ErrorDescriptions.FIELD_CHAR) {
                return null;
            }
            api.Py_IncRef(type);
            Kind made = new Kind(type, header.substring(0, nameEnd),
                    ErrorDescriptions.splitMro(header.substring(nameEnd + 1, mroEnd)), simple);
            // The slot read again: the Python code just run may have described (and cached) another
            // exception on this thread, through a __del__ calling Java calling Python.
            @Nullable Kind replaced = kinds[slot];
            kinds[slot] = made;
            replace(replaced == null ? 0 : replaced.type());
            return made;
        }
        finally {
            api.Py_DecRef(entry);
        }
    }

    /** The frame of traceback entry {@code entry} (borrowed); null if reading it failed. */
    private @Nullable PythonFrame frame(long entry) {
        int lastInstruction = fields.lastInstruction(entry);
        long code = api.PyFrame_GetCode(fields.frame(entry));
        int slot = Long.hashCode((code ^ lastInstruction) * 0x9E3779B97F4A7C15L) & (FRAME_SLOTS - 1);
        @Nullable FrameEntry cached = frameCache[slot];
        if (cached != null && cached.code() == code && cached.lastInstruction() == lastInstruction) {
            api.Py_DecRef(code);
            return cached.frame();
        }
        @Nullable PythonFrame frame = null;
        try {
            frame = readFrame(entry, code);
        }
        finally {
            if (frame == null) {
                api.Py_DecRef(code);
            }
        }
        if (frame == null) {
            return null;
        }
        // The cache keeps the reference PyFrame_GetCode gave. The slot is read again, as in kind().
        @Nullable FrameEntry replaced = frameCache[slot];
        frameCache[slot] = new FrameEntry(code, lastInstruction, frame);
        replace(replaced == null ? 0 : replaced.code());
        return frame;
    }

    /**
     * Asks {@code _pybridge._frame} for the entry's "US file US line US function US source" and reads
     * it: the file named as the developer knows it and the source line come from there, once per
     * cached entry, so both bindings report the same frame.
     */
    private @Nullable PythonFrame readFrame(long entry, long code) {
        long made = api.PyObject_VectorcallDict(frameFunction, new long[] { entry, code }, 2, 0);
        if (made == 0) {
            api.PyErr_Clear();
            return null;
        }
        try {
            @Nullable String text = text(api.PyTuple_GetItem(made, 1));
            if (text == null || text.isEmpty() || text.charAt(0) != ErrorDescriptions.FIELD_CHAR) {
                return null;
            }
            int fileEnd = text.indexOf(ErrorDescriptions.FIELD_CHAR, 1);
            int lineEnd = fileEnd < 0 ? -1 : text.indexOf(ErrorDescriptions.FIELD_CHAR, fileEnd + 1);
            int functionEnd = lineEnd < 0 ? -1 : text.indexOf(ErrorDescriptions.FIELD_CHAR, lineEnd + 1);
            if (functionEnd < 0) {
                return null;
            }
            return new PythonFrame(text.substring(1, fileEnd), Integer.parseInt(text, fileEnd + 1, lineEnd, 10),
                    text.substring(lineEnd + 1, functionEnd), text.substring(functionEnd + 1));
        }
        catch (NumberFormatException notALine) {
            return null;
        }
        finally {
            api.Py_DecRef(made);
        }
    }

    /** Releases the reference a replaced cache entry held (0: the slot was empty). */
    private void replace(long reference) {
        if (reference != 0) {
            api.Py_DecRef(reference);
        }
    }

    /** Releases every cached reference. GIL held, before the interpreter ends. */
    void release() {
        released = true;
        for (int i = 0; i < kinds.length; i++) {
            @Nullable Kind kind = kinds[i];
            kinds[i] = null;
            if (kind != null) {
                api.Py_DecRef(kind.type());
            }
        }
        for (int i = 0; i < frameCache.length; i++) {
            @Nullable FrameEntry entry = frameCache[i];
            frameCache[i] = null;
            if (entry != null) {
                api.Py_DecRef(entry.code());
            }
        }
    }
}
