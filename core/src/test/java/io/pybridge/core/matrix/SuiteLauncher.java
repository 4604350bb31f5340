package io.pybridge.core.matrix;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs pybridge-core's tests in this JVM (a child of {@link InterpreterMatrixTest}): either the
 * shared suite ({@code suite}: the {@code @CPythonTest} scenario suites; pure unit tests do not
 * depend on the interpreter) or one isolated class ({@code class <name>}). Prints one
 * closing line {@code N passed, N failed, N skipped} and exits non-zero on any failure.
 *
 * <p>"Skipped" counts the tests that wanted to run and could not (an assumption failed: no
 * virtual threads on this JDK, say), which the matrix refuses on JDK 21+. Tests a condition
 * declares not applicable to this interpreter ({@code @EnabledIf}: the pool tests on a Python
 * without sub-interpreters, whose fallback tests run there instead) are printed on their own line.
 */
public final class SuiteLauncher {

    private SuiteLauncher() {
    }

    public static void main(String[] args) {
        LauncherDiscoveryRequest request;
        if (args.length == 2 && args[0].equals("class")) {
            request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(args[1]))
                    .filters(TagFilter.includeTags("isolated")).build();
        }
        else {
            request = LauncherDiscoveryRequestBuilder.request().selectors(selectPackage("io.pybridge.core"))
                    .filters(TagFilter.includeTags("cpython"), TagFilter.excludeTags("isolated", "matrix", "default-interpreter")).build();
        }
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printFailuresTo(new PrintWriter(System.out, true), 30);
        long failed = summary.getTotalFailureCount();
        System.out.println(summary.getTestsSkippedCount() + " not applicable to this interpreter or JDK");
        System.out.println(summary.getTestsSucceededCount() + " passed, " + failed + " failed, "
                + summary.getTestsAbortedCount() + " skipped");
        // An isolated class may not apply at all here (a pool test on 3.11): nothing ran, nothing failed.
        boolean ranOrDeclined = summary.getTestsSucceededCount() > 0 || summary.getTestsSkippedCount() > 0;
        System.exit(failed == 0 && ranOrDeclined ? 0 : 1);
    }
}
