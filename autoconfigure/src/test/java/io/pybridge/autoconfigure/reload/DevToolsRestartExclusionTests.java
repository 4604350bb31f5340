package io.pybridge.autoconfigure.reload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/** The DevTools restart exclusion derived from the sources' location. */
class DevToolsRestartExclusionTests {

    private final DevToolsRestartExclusion exclusion = new DevToolsRestartExclusion();

    @Test
    void theDefaultSourcesAreExcludedFromRestarts() {
        MockEnvironment environment = new MockEnvironment();
        exclusion.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(DevToolsRestartExclusion.EXCLUDE)).isEqualTo("python/**");
    }

    @Test
    void theApplicationsOwnExclusionsAreKept() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty(DevToolsRestartExclusion.EXCLUDE, "static/extra/**")
                .withProperty("pybridge.python.sources", "classpath:/scripts/py/");
        exclusion.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(DevToolsRestartExclusion.EXCLUDE)).isEqualTo("static/extra/**,scripts/py/**");
    }

    @Test
    void nothingIsExcludedWhenLiveReloadIsOff() {
        MockEnvironment environment = new MockEnvironment().withProperty(OnLiveReloadCondition.PROPERTY, "false");
        exclusion.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(DevToolsRestartExclusion.EXCLUDE)).isNull();
    }

    @Test
    void patternsOfLocations() {
        assertThat(DevToolsRestartExclusion.restartPattern("classpath:python/")).isEqualTo("python/**");
        assertThat(DevToolsRestartExclusion.restartPattern("classpath*:/a/b")).isEqualTo("a/b/**");
        assertThat(DevToolsRestartExclusion.restartPattern("classpath:/")).isEqualTo("**/*.py");
        assertThat(DevToolsRestartExclusion.restartPattern("file:/srv/python/")).isNull();
        assertThat(DevToolsRestartExclusion.combined("python/**, x/**", "python/**")).isEqualTo("python/**, x/**");
    }
}
