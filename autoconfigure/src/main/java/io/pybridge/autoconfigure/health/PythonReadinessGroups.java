package io.pybridge.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * Puts the {@code python} and {@code pythonProcesses} contributors into the {@code readiness}
 * health group, never into {@code liveness}: an interpreter that is saturated or stuck, or worker
 * processes none of which is alive, should take the instance out of the load balancer
 * (readiness), not get it restarted (liveness), and a user should not need to know the group's
 * include list for that. It must see the groups after Boot's availability-probes post-processor
 * has added the probe groups. Neither post-processor has an order, so they run in the order their
 * beans were registered, and the auto-configuration that registers this one comes after
 * {@code AvailabilityProbesAutoConfiguration} ({@code PythonReadinessGroupsTests} would fail
 * otherwise). A readiness group the user configured keeps everything it has and gains both. Opt
 * out with {@code pybridge.health.include-in-readiness=false}.
 */
final class PythonReadinessGroups implements HealthEndpointGroupsPostProcessor {

    static final String READINESS = "readiness";

    static final String CONTRIBUTOR = "python";

    static final String PROCESSES = "pythonProcesses";

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        HealthEndpointGroup readiness = groups.get(READINESS);
        if (readiness == null) {
            return groups;
        }
        Map<String, HealthEndpointGroup> all = new LinkedHashMap<>();
        for (String name : groups.getNames()) {
            all.put(name, name.equals(READINESS) ? new WithPython(readiness) : groups.get(name));
        }
        return HealthEndpointGroups.of(groups.getPrimary(), all);
    }

    /**
     * Whether {@code name} is one of ours. Boot's health endpoint asks a group about the leaves
     * of a composite, by path ({@code pythonProcesses/process-1}), never about the composite.
     */
    private static boolean isPython(String name) {
        return CONTRIBUTOR.equals(name) || PROCESSES.equals(name) || name.startsWith(PROCESSES + "/");
    }

    /** A group with {@code python} and {@code pythonProcesses} added to its members; all else is the group's own. */
    private record WithPython(HealthEndpointGroup group) implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return isPython(name) || group.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return group.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return group.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return group.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return group.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return group.getAdditionalPath();
        }
    }
}
