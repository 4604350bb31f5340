package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.exception.PythonException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Handles to Python objects: operations from any thread, equality, lifecycle, no leaks. */
@CPythonTest
class PythonObjectTest {

    private static final String MOD = "pybridge_testmod";

    private final PythonTemplate python = SharedRuntime.template();

    @Test
    void aCompiledRegexStaysAliveAcrossCallsAndThreads() throws Exception {
        try (PythonObject re = python.importModule("re");
                PythonObject pattern = re.callMethodForObject("compile", PythonObject.class, "(\\w+)@(\\w+)\\.org")) {
            assertThat(pattern.getAttr("pattern")).isEqualTo("(\\w+)@(\\w+)\\.org");
            AtomicReference<Object> fromOtherThread = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try (PythonObject match = pattern.callMethodForObject("match", PythonObject.class, "ada@python.org")) {
                    fromOtherThread.set(match.callMethod("groups"));
                }
            });
            other.start();
            other.join();
            assertThat(fromOtherThread.get()).isEqualTo(List.of("ada", "python"));
            // A result without a natural Java form comes back as a handle.
            Object match = pattern.callMethod("match", "x@y.org");
            assertThat(match).isInstanceOf(PythonObject.class);
            ((PythonObject) match).close();
            assertThat(pattern.callMethod("match", "nothing")).isNull();
        }
    }

    @Test
    void attributesItemsLengthTextAndKeywords() {
        try (PythonObject counter = python.callForObject(MOD, "Counter", PythonObject.class, 5)) {
            assertThat(counter.callMethod("add")).isEqualTo(6L);
            assertThat(counter.callMethod("add", List.of(), Map.of("n", 4), Long.class)).isEqualTo(10L);
            counter.setAttr("count", 1);
            assertThat(counter.getAttr("count", Integer.class)).isEqualTo(1);
            assertThat(counter.len()).isEqualTo(1);
            assertThat(counter.repr()).isEqualTo("Counter(1)");
            assertThat(counter.toString()).isEqualTo("Counter(1)");
            // Passed back to Python as itself.
            assertThat(python.call(MOD, "type_name", counter)).isEqualTo("Counter");
        }
        try (PythonObject dict = python.eval("{'a': 1}", PythonObject.class)) {
            dict.set("b", List.of(2, 3));
            assertThat(dict.get("b")).isEqualTo(List.of(2L, 3L));
            assertThat(dict.as(Map.class)).isEqualTo(Map.of("a", 1L, "b", List.of(2L, 3L)));
            assertThat(dict).containsExactlyInAnyOrder("a", "b");
            assertThatThrownBy(() -> dict.get("missing")).isInstanceOf(PythonException.class)
                    .extracting(ex -> ((PythonException) ex).getPythonType()).isEqualTo("KeyError");
        }
        try (PythonObject function = python.eval("lambda a, b=1: a * b", PythonObject.class)) {
            assertThat(function.call(6)).isEqualTo(6L);
            assertThat(function.call(List.of(6), Map.of("b", 7), Long.class)).isEqualTo(42L);
        }
    }

    @Test
    void equalityAndHashingFollowPython() {
        try (PythonObject a = python.eval("(1, 'x')", PythonObject.class);
                PythonObject b = python.eval("(1, 'x')", PythonObject.class);
                PythonObject c = python.eval("(2, 'x')", PythonObject.class);
                PythonObject list = python.eval("[1]", PythonObject.class);
                PythonObject otherList = python.eval("[1]", PythonObject.class)) {
            assertThat(a).isEqualTo(b).isNotEqualTo(c);
            assertThat(a.hashCode()).isEqualTo(b.hashCode()).isEqualTo(Long.hashCode(python.eval("hash((1, 'x'))", Long.class)));
            assertThat(list).isEqualTo(otherList);
            assertThat(list.hashCode()).isZero().isEqualTo(otherList.hashCode());
            assertThat(a).isNotEqualTo("(1, 'x')");
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseIsAClearError() {
        PythonObject object = python.eval("object()", PythonObject.class);
        object.close();
        object.close();
        assertThat(object.isClosed()).isTrue();
        assertThat(object.toString()).isEqualTo("PythonObject[closed]");
        assertThatThrownBy(object::str).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> python.call(MOD, "echo", object)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aMillionHandlesDroppedWithoutCloseAreReleased() throws Exception {
        PythonRuntime runtime = SharedRuntime.get();
        python.exec("import gc, sys\nclass _Tracked:\n    alive = 0\n"
                + "    def __init__(self):\n        _Tracked.alive += 1\n"
                + "    def __del__(self):\n        _Tracked.alive -= 1\n");
        settle();
        long blocksBefore = python.eval("(gc.collect(), sys.getallocatedblocks())[1]", Long.class);
        long handlesBefore = runtime.liveHandleCount();
        // On a thread with the stack to run Python itself: this measures the cleaners and the
        // deferred decrefs, not a million hand-overs to a dedicated worker.
        Thread dropper = new Thread(null, () -> {
            for (int i = 0; i < 1_000_000; i++) {
                python.eval("_Tracked()", PythonObject.class); // dropped at once, never closed
            }
        }, "handle-dropper", 32L << 20);
        dropper.start();
        dropper.join();
        settle();
        long alive = python.eval("_Tracked.alive", Long.class);
        long blocksAfter = python.eval("(gc.collect(), sys.getallocatedblocks())[1]", Long.class);
        System.out.printf("PythonObjectTest: 10^6 unclosed handles -> %d still alive, blocks %d -> %d (%+d)%n", alive,
                blocksBefore, blocksAfter, blocksAfter - blocksBefore);
        assertThat(alive).isLessThan(1_000);
        assertThat(blocksAfter - blocksBefore).isLessThan(5_000);
        assertThat(runtime.liveHandleCount() - handlesBefore).isLessThan(1_000);
    }

    /** Lets the cleaners queue collected handles, then makes one call, which releases the queue. */
    private void settle() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            python.eval("1");
        }
    }
}
