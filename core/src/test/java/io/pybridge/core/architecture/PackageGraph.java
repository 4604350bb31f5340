package io.pybridge.core.architecture;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.jspecify.annotations.NullMarked;

/**
 * The class-to-class dependencies between pybridge packages of one module, read from its
 * compiled classes by the JDK's own {@code jdeps} (the same as
 * {@code jdeps -verbose:class -e 'io\.pybridge\..*' core/target/classes} on the command line).
 */
public final class PackageGraph {

    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)");

    /** Class → the pybridge classes of other packages it uses. */
    private final Map<String, Set<String>> classEdges;

    private PackageGraph(Map<String, Set<String>> classEdges) {
        this.classEdges = classEdges;
    }

    /** The graph of the module that holds {@code anyClass} (a classes folder or a jar). */
    public static PackageGraph of(Class<?> anyClass) {
        Path location;
        try {
            location = Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:class", "-e", "io\\.pybridge\\..*",
                location.toString());
        if (status != 0) {
            throw new IllegalStateException("jdeps failed (" + status + "): " + out);
        }
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find() && edge.group(2).startsWith("io.pybridge")) {
                edges.computeIfAbsent(topLevel(edge.group(1)), key -> new TreeSet<>()).add(topLevel(edge.group(2)));
            }
        }
        return new PackageGraph(edges);
    }

    /** {@code a.b.Outer$Inner} → {@code a.b.Outer}. */
    private static String topLevel(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }

    static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    /**
     * The graph without the dependencies of {@code seam} on the implementation packages (the one
     * allowed API → implementation door); its other dependencies stay.
     */
    public PackageGraph withoutSeam(Class<?> seam, Predicate<String> implementation) {
        Map<String, Set<String>> edges = new TreeMap<>(classEdges);
        Set<String> kept = new TreeSet<>(edges.getOrDefault(seam.getName(), Set.of()));
        kept.removeIf(target -> implementation.test(packageOf(target)));
        edges.put(seam.getName(), kept);
        return new PackageGraph(edges);
    }

    /** Every package with classes in this module that depend on other pybridge packages. */
    public Set<String> packages() {
        Set<String> packages = new TreeSet<>();
        classEdges.keySet().forEach(name -> packages.add(packageOf(name)));
        return packages;
    }

    /** Every package of this module named in the graph (with dependencies, or depended on) under {@code root}. */
    public Set<String> allPackages(String root) {
        Set<String> packages = new TreeSet<>();
        classEdges.forEach((source, targets) -> {
            packages.add(packageOf(source));
            targets.forEach(target -> packages.add(packageOf(target)));
        });
        packages.removeIf(name -> !name.startsWith(root));
        return packages;
    }

    /** The packages under {@code root} whose package-info lacks JSpecify's {@code @NullMarked}. */
    public Set<String> packagesWithoutNullMarked(String root) {
        Set<String> unmarked = new TreeSet<>();
        for (String name : allPackages(root)) {
            try {
                Class<?> info = Class.forName(name + ".package-info");
                if (!info.isAnnotationPresent(NullMarked.class)) {
                    unmarked.add(name);
                }
            }
            catch (ClassNotFoundException ex) {
                unmarked.add(name + " (no package-info)");
            }
        }
        return unmarked;
    }

    /** "class -> class" for every dependency from a class in a package {@code from} accepts to one {@code to} accepts. */
    public List<String> dependencies(Predicate<String> from, Predicate<String> to) {
        List<String> found = new ArrayList<>();
        classEdges.forEach((source, targets) -> {
            if (from.test(packageOf(source))) {
                for (String target : targets) {
                    if (to.test(packageOf(target)) && !packageOf(target).equals(packageOf(source))) {
                        found.add(source + " -> " + target);
                    }
                }
            }
        });
        return found;
    }

    /** Package → the packages it depends on. */
    public Map<String, Set<String>> packageEdges() {
        Map<String, Set<String>> edges = new TreeMap<>();
        classEdges.forEach((source, targets) -> {
            for (String target : targets) {
                if (!packageOf(source).equals(packageOf(target))) {
                    edges.computeIfAbsent(packageOf(source), key -> new TreeSet<>()).add(packageOf(target));
                }
            }
        });
        return edges;
    }

    /** The package cycles (strongly connected sets of two or more packages), each with the class edges inside it. */
    public List<String> cycles() {
        Map<String, Set<String>> edges = packageEdges();
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : new Tarjan(edges).components()) {
            if (component.size() > 1) {
                cycles.add(component + " via " + dependencies(component::contains, component::contains));
            }
        }
        return cycles;
    }

    /** Tarjan's strongly connected components (recursive: a module has a few dozen packages at most). */
    private static final class Tarjan {

        private final Map<String, Set<String>> edges;

        private final Map<String, Integer> index = new HashMap<>();

        private final Map<String, Integer> low = new HashMap<>();

        private final Deque<String> stack = new ArrayDeque<>();

        private final List<Set<String>> components = new ArrayList<>();

        Tarjan(Map<String, Set<String>> edges) {
            this.edges = edges;
        }

        List<Set<String>> components() {
            for (String node : edges.keySet()) {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            }
            return components;
        }

        private void visit(String node) {
            index.put(node, index.size());
            low.put(node, index.get(node));
            stack.push(node);
            for (String target : edges.getOrDefault(node, Set.of())) {
                if (!index.containsKey(target)) {
                    visit(target);
                    low.put(node, Math.min(low.get(node), low.get(target)));
                }
                else if (stack.contains(target)) {
                    low.put(node, Math.min(low.get(node), index.get(target)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                Set<String> component = new TreeSet<>();
                String member;
                do {
                    member = stack.pop();
                    component.add(member);
                }
                while (!member.equals(node));
                components.add(component);
            }
        }
    }
}
