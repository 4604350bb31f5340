package io.pybridge.sample.dashboard;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.runtime.GateSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The live dashboard's data and its page. The figures come straight from the runtime's
 * snapshots (the same ones the health indicator and the meters read), so the page needs no
 * actuator endpoint exposed.
 */
@Controller
class DashboardController {

    /** How far back the percentiles and maxima look: short, so the page follows the load. */
    private static final Duration WINDOW = Duration.ofSeconds(10);

    private final PythonRuntime runtime;

    DashboardController(PythonRuntime runtime) {
        this.runtime = runtime;
    }

    /** The page: {@code static/dashboard.html}, with its script and no third-party resource. */
    @GetMapping("/dashboard")
    String page() {
        return "forward:/dashboard.html";
    }

    @GetMapping("/api/dashboard")
    @ResponseBody
    DashboardSnapshot snapshot() {
        Map<String, GateSnapshot> gates = runtime.gateSnapshots(WINDOW);
        List<DashboardSnapshot.Interpreter> interpreters = new ArrayList<>();
        gates.forEach((name, gate) -> interpreters.add(DashboardSnapshot.Interpreter.of(name, gate,
                runtime.threadStateSnapshot(name))));
        DashboardSnapshot.Pool pool = runtime.poolSnapshot(WINDOW).map(DashboardSnapshot.Pool::of).orElse(null);
        List<DashboardSnapshot.WorkerProcess> processes = runtime.processSnapshot().stream()
                .map(DashboardSnapshot.WorkerProcess::of).toList();
        return new DashboardSnapshot(System.currentTimeMillis(), WINDOW.toSeconds(), runtime.installation().version(),
                interpreters, pool, processes);
    }
}
