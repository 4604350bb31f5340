package io.pybridge.core.internal.capi;

import org.jspecify.annotations.Nullable;

/**
 * Why the FFM binding cannot be used in this JVM: decided by {@link #decide} from what
 * {@link CApiLoader#ffmUnavailable()} observed, so every case is tested without a JVM or a jar
 * of each kind.
 *
 * @param cause which case it is
 * @param reason the clause that says so, for a log line or an exception ("this is JDK 17 and …")
 */
public record FfmUnavailable(Cause cause, String reason) {

    /** What keeps the FFM binding out of reach. */
    public enum Cause {

        /** JDK 17–21: {@code java.lang.foreign} is not final there, JNA is the binding by design. */
        OLD_JDK,

        /** This pybridge-core was built without its {@code java.lang.foreign} classes (no JDK 22+ at build time). */
        CLASSES_ABSENT,

        /**
         * The classes are in a jar under {@code META-INF/versions/22}, but the JVM does not read
         * the jar as a multi-release jar: its manifest lacks {@code Multi-Release: true} (a shaded
         * or repackaged jar that dropped it).
         */
        NOT_MULTI_RELEASE,

        /**
         * The classes are under {@code META-INF/versions/22} of a class folder (an exploded build,
         * an IDE's output), which the JVM never looks into: only a multi-release jar has versions.
         */
        VERSIONED_FOLDER
    }

    /** Where the versioned classes are, under the root of a jar or class folder. */
    static final String VERSIONED_PREFIX = "META-INF/versions/" + CApiLoader.FFM_MINIMUM_JDK + "/";

    /**
     * Whether the JDK could run FFM but this build or packaging of pybridge-core keeps it from
     * doing so: a defect worth a warning when the binding falls back to JNA.
     */
    public boolean packagingDefect() {
        return cause != Cause.OLD_JDK;
    }

    /**
     * The decision, from observations only.
     *
     * @param jdkFeature the running JDK's feature version ({@code Runtime.version().feature()})
     * @param classLoads whether the FFM entry class loads by name
     * @param versionedEntry the URL of the FFM entry class under {@code META-INF/versions/22/} as a
     *     resource ({@code jar:file:/app/lib/x.jar!/META-INF/versions/22/…}), or null if absent
     * @param ownLocation where pybridge-core's own classes come from (a code source URL), or null if unknown
     * @return why FFM cannot run, or null if it can
     */
    public static @Nullable FfmUnavailable decide(int jdkFeature, boolean classLoads, @Nullable String versionedEntry,
            @Nullable String ownLocation) {
        if (jdkFeature < CApiLoader.FFM_MINIMUM_JDK) {
            return new FfmUnavailable(Cause.OLD_JDK, "this is JDK " + jdkFeature + " and java.lang.foreign needs JDK "
                    + CApiLoader.FFM_MINIMUM_JDK + "+");
        }
        if (classLoads) {
            return null;
        }
        if (versionedEntry == null) {
            String where = ownLocation == null ? "" : " (" + archive(ownLocation) + ")";
            return new FfmUnavailable(Cause.CLASSES_ABSENT, "this pybridge-core" + where + " was built without its "
                    + "java.lang.foreign classes, with no JDK " + CApiLoader.FFM_MINIMUM_JDK + "+ at build time "
                    + "(see docs/building.md)");
        }
        String where = archive(versionedEntry);
        if (versionedEntry.startsWith("jar:")) {
            return new FfmUnavailable(Cause.NOT_MULTI_RELEASE, "the jar " + where + " has pybridge-core's "
                    + "java.lang.foreign classes under " + VERSIONED_PREFIX + " but the JVM does not read it as a "
                    + "multi-release jar: its manifest lacks 'Multi-Release: true' (a shaded or repackaged jar must "
                    + "keep it; see docs/building.md)");
        }
        return new FfmUnavailable(Cause.VERSIONED_FOLDER, "pybridge-core's java.lang.foreign classes are under "
                + VERSIONED_PREFIX + " of the class folder " + where + ", where only a multi-release jar makes the "
                + "JVM look (put " + where + VERSIONED_PREFIX + " on the class path too, or use the jar)");
    }

    /**
     * The jar or folder a class or resource URL points into: {@code jar:file:/a/x.jar!/io/…} is
     * {@code file:/a/x.jar}, {@code file:/a/classes/META-INF/versions/22/io/…} is
     * {@code file:/a/classes/}; anything else is returned as it is.
     */
    static String archive(String url) {
        int inJar = url.lastIndexOf("!/");
        if (url.startsWith("jar:") && inJar > 0) {
            return url.substring("jar:".length(), inJar);
        }
        int versioned = url.indexOf(VERSIONED_PREFIX);
        return versioned > 0 ? url.substring(0, versioned) : url;
    }
}
