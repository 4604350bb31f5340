package io.pybridge.core.reliability;

import io.pybridge.core.CollectingLogSink;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;

/**
 * Child-JVM main for {@link FaultHandlerTest}: boots Python (the parent sets
 * {@code PYTHONFAULTHANDLER} or {@code PYTHONDEVMODE}), optionally calls
 * {@code faulthandler.enable()}, dumps a traceback into the log sink, then makes JIT-compiled
 * Java code throw 100,000 implicit NullPointerExceptions (each one a SIGSEGV the JVM handles).
 * Had Python's fault handler taken SIGSEGV, the first of them would abort this JVM.
 */
public final class FaultHandlerProbe {

    /** A field read on null in compiled code is an implicit null check: a SIGSEGV the JVM turns into an NPE. */
    static final class Holder {
        int value = 1;
    }

    private FaultHandlerProbe() {
    }

    public static void main(String[] args) {
        PythonTemplate python = SharedRuntime.template();
        System.out.println("enabled-after-boot " + python.eval("__import__('faulthandler').is_enabled()"));
        if (args.length > 0 && args[0].equals("enable")) {
            python.exec("import faulthandler, warnings\n"
                    + "with warnings.catch_warnings(record=True) as _seen:\n"
                    + "    warnings.simplefilter('always')\n"
                    + "    faulthandler.enable()\n"
                    + "_enable_warning = str(_seen[0].message) if _seen else ''\n");
            System.out.println("enable-warning " + python.eval("_enable_warning"));
            System.out.println("enabled-after-enable " + python.eval("__import__('faulthandler').is_enabled()"));
        }
        python.exec("import faulthandler\ndef _pybridge_probe_frame():\n    faulthandler.dump_traceback()\n"
                + "_pybridge_probe_frame()\n");
        boolean dumped = SharedRuntime.LOG.entries().stream().map(CollectingLogSink.Entry::message)
                .anyMatch(line -> line.contains("in _pybridge_probe_frame"));
        System.out.println("dump-traceback-in-log " + dumped);
        System.out.println("npe " + implicitNullPointerExceptions(100_000));
        System.out.println("after " + python.eval("6 * 7"));
        System.exit(0);
    }

    /** Throws and catches {@code count} NPEs from a hot, compiled field read on a null reference. */
    static int implicitNullPointerExceptions(int count) {
        Holder present = new Holder();
        int caught = 0;
        long sum = 0;
        for (int i = 0; caught < count; i++) {
            Holder holder = (i & 7) == 0 ? null : present;
            try {
                sum += read(holder);
            }
            catch (NullPointerException expected) {
                caught++;
            }
            if ((i & 0xffff) == 0) {
                System.gc(); // safepoints too: their polls are SIGSEGVs in compiled code as well
            }
        }
        return sum > 0 ? caught : -1;
    }

    private static int read(Holder holder) {
        return holder.value;
    }
}
