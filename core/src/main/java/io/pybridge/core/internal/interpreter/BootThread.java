package io.pybridge.core.internal.interpreter;

import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.internal.attach.DeferredDecrefs;
import io.pybridge.core.internal.attach.ThreadStates;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.CApiLoader;
import io.pybridge.core.internal.capi.LibC;
import io.pybridge.core.runtime.DisplayRoot;
import io.pybridge.core.runtime.NameMapping;
import io.pybridge.core.runtime.NativeBinding;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonLogSink;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The platform thread that initializes CPython, then releases the GIL and waits to finalize
 * it: {@code Py_FinalizeEx} must run on the thread that called {@code Py_InitializeEx}.
 */
final class BootThread extends Thread {

    private static final System.Logger LOG = System.getLogger(BootThread.class.getName());

    /** Environment variables that make CPython install its fault handler at boot. */
    private static final List<String> FAULT_HANDLER_VARIABLES = List.of("PYTHONFAULTHANDLER", "PYTHONDEVMODE");

    private final PythonInstallation installation;

    /** FFM or JNA, resolved. */
    private final NativeBinding binding;

    private final List<Path> pythonPath;

    /** The display roots of python-path folders (see {@link DisplayRoot}). */
    private final Map<Path, DisplayRoot> displayRoots;

    private final PythonLogSink logSink;

    private final CompletableFuture<Void> booted = new CompletableFuture<>();

    private final CountDownLatch finalizeRequested = new CountDownLatch(1);

    private final CountDownLatch finished = new CountDownLatch(1);

    Interpreter interpreter;

    ThreadStates threadStates;

    /** The pooled sub-interpreters, made after the main one. */
    final List<SubInterpreter> subInterpreters = new ArrayList<>();

    private final int poolSize;

    /** How every interpreter's converters spell record components' names. */
    private final NameMapping names;

    private volatile boolean finalized;

    BootThread(PythonInstallation installation, NativeBinding binding, List<Path> pythonPath,
            Map<Path, DisplayRoot> displayRoots, PythonLogSink logSink, long stackSize, int poolSize, NameMapping names) {
        // Imports at boot and finalization (module teardown, __del__) run Python code here.
        super(null, null, "pybridge-interpreter", stackSize);
        setDaemon(true); // never keeps the JVM alive; close() finalizes explicitly
        this.installation = installation;
        this.binding = binding;
        this.pythonPath = pythonPath;
        this.displayRoots = displayRoots;
        this.logSink = logSink;
        this.poolSize = poolSize;
        this.names = names;
    }

    @Override
    public void run() {
        CApi api;
        long mainThreadState;
        try {
            api = load(binding, installation.library());
            api.Py_SetPythonHome(installation.home().toString());
            if (installation.executable() != null) {
                api.Py_SetProgramName(installation.executable().toString());
            }
            keepFaultHandlerOff();
            api.Py_InitializeEx(0); // 0: no Python signal handlers, the JVM owns signals
            threadStates = new ThreadStates(api);
            // The boot thread's own state runs the helper module (and, at close, finalization).
            threadStates.protectStack(api.PyThreadState_Get());
            interpreter = boot(api, threadStates);
            mainThreadState = api.PyThreadState_Get();
            for (int i = 1; i <= poolSize; i++) {
                subInterpreters.add(bootSubInterpreter(api, "pool-" + i, mainThreadState));
            }
            api.PyEval_SaveThread();
            booted.complete(null);
        }
        catch (Throwable ex) {
            booted.completeExceptionally(ex);
            return;
        }
        try {
            finalizeRequested.await();
            for (SubInterpreter sub : subInterpreters) {
                sub.end(api);
            }
            api.PyEval_RestoreThread(mainThreadState);
            interpreter.release();
            int status = api.Py_FinalizeEx();
            finalized = true;
            if (status != 0) {
                LOG.log(Level.WARNING, "Py_FinalizeEx reported an error flushing buffered data ({0})", status);
            }
        }
        catch (InterruptedException ex) {
            // Asked to stop without finalizing: leave Python as it is.
        }
        finally {
            finished.countDown();
        }
    }

    /**
     * Removes {@code PYTHONFAULTHANDLER} and {@code PYTHONDEVMODE} from the process
     * environment before CPython reads it: either makes {@code Py_InitializeEx} enable the
     * fault handler, whose SIGSEGV handler then receives the JVM's own faults (implicit null
     * checks, safepoint polls) and aborts the process. Removing them before boot leaves no
     * window at all; {@code _pybridge.configure} then refuses {@code faulthandler.enable()}.
     */
    /** Loads the helper module, configures {@code sys.path} and logging: the same for every interpreter. */
    private Interpreter boot(CApi api, ThreadStates states) {
        Interpreter booted = Interpreter.load(api, states, new DeferredDecrefs(api), names);
        booted.configure(installation, pythonPath.stream().map(p -> p.toAbsolutePath().toString()).toList(),
                displayRoots);
        if (logSink != null) {
            booted.installLogging(logSink);
        }
        return booted;
    }

    /**
     * Makes one own-GIL sub-interpreter and boots it like the main one. Called holding the main
     * GIL with {@code mainThreadState}; returns holding it again (Py_NewInterpreterFromConfig
     * gives it up and leaves the new interpreter's state current).
     */
    private SubInterpreter bootSubInterpreter(CApi api, String name, long mainThreadState) {
        long creationState;
        try {
            creationState = api.newIsolatedInterpreter();
            threadStates.protectStack(creationState);
        }
        catch (IllegalStateException ex) {
            throw new PythonInitializationException(Reason.BOOT_FAILED, "The pooled interpreter " + name
                    + " could not be made: " + ex.getMessage(), "Lower pybridge.pool.size or leave the pool off.", ex);
        }
        try {
            ThreadStates states = ThreadStates.forSubInterpreter(api, api.PyThreadState_GetInterpreter(creationState),
                    threadStates);
            return new SubInterpreter(name, creationState, states, boot(api, states));
        }
        finally {
            api.PyEval_SaveThread();
            api.PyEval_RestoreThread(mainThreadState);
        }
    }

    private static void keepFaultHandlerOff() {
        for (String name : FAULT_HANDLER_VARIABLES) {
            String value = System.getenv(name);
            if (value != null && !value.isEmpty()) {
                if (LibC.unsetEnvironmentVariable(name)) {
                    LOG.log(Level.WARNING, "{0}={1} is not applied to the embedded Python: its fault handler "
                            + "would take the JVM''s signals (removed from the process environment)", name, value);
                }
            }
        }
    }

    /**
     * Opens libpython with {@code binding}. A JVM denying native access throws
     * {@link IllegalCallerException} from the first restricted method (FFM's linker, or
     * {@code System.load} inside JNA's own initialization): reported with what to add.
     */
    private static CApi load(NativeBinding binding, Path library) {
        try {
            return binding == NativeBinding.FFM ? CApiLoader.loadFfm(library) : CApiLoader.loadJna(library);
        }
        catch (RuntimeException | LinkageError ex) {
            for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
                if (cause instanceof IllegalCallerException denied) {
                    throw nativeAccessDenied(binding, denied);
                }
            }
            throw ex;
        }
    }

    static PythonInitializationException nativeAccessDenied(NativeBinding binding, Throwable denied) {
        String module = CApiLoader.nativeAccessModuleName();
        return new PythonInitializationException(Reason.NATIVE_ACCESS_DENIED,
                "The JVM denies native access to pybridge (module " + module + "), which the " + binding
                        + " binding needs to call CPython: " + denied.getMessage(),
                "Add --enable-native-access=" + module + " to the java command line, or the manifest attribute "
                        + "'Enable-Native-Access: " + module + "' to an executable jar (Spring Boot's jar included).",
                denied);
    }

    /** The binding the interpreter was opened with. */
    NativeBinding binding() {
        return binding;
    }

    void awaitBoot() {
        try {
            booted.get(2, TimeUnit.MINUTES);
        }
        catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof PythonInitializationException init) {
                throw init;
            }
            throw new PythonInitializationException(Reason.BOOT_FAILED,
                    "Python " + installation.version() + " from " + installation.library() + " failed to start: " + cause,
                    "Check that the library and its standard library belong to the same installation.", cause);
        }
        catch (TimeoutException ex) {
            throw new PythonInitializationException(Reason.BOOT_FAILED, "Python did not start within 2 minutes",
                    "Look for import-time work in sitecustomize or .pth files.", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PythonInitializationException(Reason.BOOT_FAILED, "Interrupted while Python started", "", ex);
        }
    }

    boolean finalizeInterpreter(Duration timeout) throws InterruptedException {
        finalizeRequested.countDown();
        finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return finalized;
    }
}
