package io.pybridge.core.internal.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonError;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.runtime.NativeBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the binding reads memory inline, the common exception is read from its fields
 * ({@link DirectDescriptions}); every other one through {@code _pybridge.describe}. Either way
 * Java must see exactly what describe's text says: each shape here is raised through the
 * template and compared, field by field, with describe's text for the same exception parsed by
 * {@link ErrorDescriptions}.
 */
@CPythonTest
class DirectDescriptionsTest {

    private static final String MOD = "pybridge_errors";

    private final PythonTemplate python = SharedRuntime.template();

    @ParameterizedTest
    @ValueSource(strings = { "plain", "key", "custom", "nested", "separators", "non_ascii", "surrogate", "empty",
        "with_attribute", "with_note", "slotted", "own_traceback", "from_none", "chained", "caused", "bad_str", "deep", "first_place",
        "second_place", "exec_made" })
    void javaReadsEachShapeAsDescribeDoes(String shape) {
        // Twice: the second time the type and the traceback entries come from the caches.
        for (int round = 0; round < 2; round++) {
            PythonException raised = catchThrowableOfType(PythonException.class, () -> python.call(MOD, shape));
            PythonError described = ErrorDescriptions.parse(python.callForObject(MOD, "described", String.class, shape),
                    token -> null);
            for (Throwable read = raised; described != null; described = described.cause()) {
                assertThat(read).as(shape).isInstanceOf(PythonException.class);
                PythonException exception = (PythonException) read;
                assertThat(exception.getPythonType()).as(shape).isEqualTo(described.type());
                assertThat(exception.getPythonMessage()).as(shape).isEqualTo(described.message());
                assertThat(described.mroTypes()).as(shape).isNotEmpty().allMatch(exception::isInstanceOf);
                assertThat(exception.getPythonFrames()).as(shape).isEqualTo(described.frames());
                read = exception.getCause();
            }
        }
    }

    @Test
    void theCommonExceptionRunsNoPythonToBeDescribedWhereMemoryIsReadInline() {
        PythonRuntime runtime = SharedRuntime.get();
        boolean direct = runtime.nativeBinding() == NativeBinding.FFM && !runtime.installation().freeThreaded();
        // Once before counting: describe() looks a type it has not seen yet up twice.
        catchThrowableOfType(PythonException.class, () -> python.call(MOD, "plain"));
        python.call(MOD, "count_describe_lookups");
        try {
            for (int i = 0; i < 3; i++) {
                catchThrowableOfType(PythonException.class, () -> python.call(MOD, "plain"));
            }
        }
        finally {
            long lookups = python.callForObject(MOD, "describe_lookups", Long.class);
            // describe() looks up each exception's type once; read from memory, it is never called.
            assertThat(lookups).isEqualTo(direct ? 0 : 3);
        }
    }
}
