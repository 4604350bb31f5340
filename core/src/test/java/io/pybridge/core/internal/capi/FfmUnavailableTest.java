package io.pybridge.core.internal.capi;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.internal.capi.FfmUnavailable.Cause;
import org.junit.jupiter.api.Test;

/** Why the FFM binding cannot run, decided from observations alone. */
class FfmUnavailableTest {

    private static final String ENTRY = "META-INF/versions/22/io/pybridge/core/internal/capi/FfmBinding.class";

    @Test
    void beforeJdk22JnaIsTheDesignWhateverTheJar() {
        FfmUnavailable old = FfmUnavailable.decide(21, true, null, "file:/app/pybridge-core.jar");
        assertThat(old.cause()).isEqualTo(Cause.OLD_JDK);
        assertThat(old.reason()).isEqualTo("this is JDK 21 and java.lang.foreign needs JDK 22+");
        assertThat(old.packagingDefect()).isFalse();
    }

    @Test
    void onJdk22AndLaterTheLoadableClassIsEnough() {
        assertThat(FfmUnavailable.decide(22, true, null, null)).isNull();
        assertThat(FfmUnavailable.decide(25, true, "jar:file:/app/x.jar!/" + ENTRY, null)).isNull();
    }

    @Test
    void aJarWithoutTheClassesWasBuiltWithoutAJdk22() {
        FfmUnavailable absent = FfmUnavailable.decide(25, false, null, "file:/app/lib/pybridge-core-0.1.0.jar");
        assertThat(absent.cause()).isEqualTo(Cause.CLASSES_ABSENT);
        assertThat(absent.packagingDefect()).isTrue();
        assertThat(absent.reason()).isEqualTo("this pybridge-core (file:/app/lib/pybridge-core-0.1.0.jar) was built "
                + "without its java.lang.foreign classes, with no JDK 22+ at build time (see docs/building.md)");
        assertThat(FfmUnavailable.decide(25, false, null, null).reason()).startsWith("this pybridge-core was built without");
    }

    @Test
    void versionedClassesTheJvmDoesNotSeeMeanAJarThatLostMultiRelease() {
        FfmUnavailable shaded = FfmUnavailable.decide(25, false, "jar:file:/app/service-all.jar!/" + ENTRY,
                "file:/app/service-all.jar");
        assertThat(shaded.cause()).isEqualTo(Cause.NOT_MULTI_RELEASE);
        assertThat(shaded.packagingDefect()).isTrue();
        assertThat(shaded.reason()).startsWith("the jar file:/app/service-all.jar has pybridge-core's java.lang.foreign "
                + "classes under META-INF/versions/22/ but the JVM does not read it as a multi-release jar")
                .contains("its manifest lacks 'Multi-Release: true'");
    }

    @Test
    void aSpringBootNestedJarIsNamedWithItsOuterJar() {
        FfmUnavailable nested = FfmUnavailable.decide(25, false,
                "jar:nested:/srv/app.jar/!BOOT-INF/lib/pybridge-core.jar!/" + ENTRY, null);
        assertThat(nested.cause()).isEqualTo(Cause.NOT_MULTI_RELEASE);
        assertThat(nested.reason()).startsWith("the jar nested:/srv/app.jar/!BOOT-INF/lib/pybridge-core.jar has");
    }

    @Test
    void versionedClassesInAClassFolderNeedTheirOwnClassPathEntry() {
        FfmUnavailable folder = FfmUnavailable.decide(22, false, "file:/srv/app/classes/" + ENTRY,
                "file:/srv/app/classes/");
        assertThat(folder.cause()).isEqualTo(Cause.VERSIONED_FOLDER);
        assertThat(folder.reason()).contains("class folder file:/srv/app/classes/")
                .contains("put file:/srv/app/classes/META-INF/versions/22/ on the class path");
    }

    @Test
    void archiveIsTheJarOrFolderOfAUrl() {
        assertThat(FfmUnavailable.archive("jar:file:/a/x.jar!/")).isEqualTo("file:/a/x.jar");
        assertThat(FfmUnavailable.archive("jar:file:/a/x.jar!/" + ENTRY)).isEqualTo("file:/a/x.jar");
        assertThat(FfmUnavailable.archive("file:/a/classes/" + ENTRY)).isEqualTo("file:/a/classes/");
        assertThat(FfmUnavailable.archive("file:/a/x.jar")).isEqualTo("file:/a/x.jar");
    }
}
