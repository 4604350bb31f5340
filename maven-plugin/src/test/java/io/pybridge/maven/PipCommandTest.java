package io.pybridge.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pip command line and the folders it reads wheels from. Pure: nothing is run. */
class PipCommandTest {

    @Test
    void userArgumentsComeBeforeTheRequirements() {
        PipCommand pip = new PipCommand(Path.of("/py/bin/python3.13"), Path.of("/out"), List.of("greeting==1.0"),
                List.of(Path.of("/p/requirements.txt")), List.of("--no-index", "--find-links=wheels"));
        assertThat(pip.arguments()).containsExactly("/py/bin/python3.13", "-m", "pip", "install", "--target", "/out",
                "--no-input", "--disable-pip-version-check", "--no-warn-script-location", "--no-compile", "--no-index",
                "--find-links=wheels", "-r", "/p/requirements.txt", "greeting==1.0");
    }

    @Test
    void findLinksFoldersInEverySpellingButNotUrls() {
        PipCommand pip = new PipCommand(Path.of("python"), Path.of("/out"), List.of("x"), List.of(),
                List.of("--find-links=wheels", "-f", "/abs/more", "--find-links", "file:/srv/mirror",
                        "--find-links=https://example.org/simple"));
        assertThat(pip.findLinksFolders(Path.of("/project"))).containsExactly(Path.of("/project/wheels"),
                Path.of("/abs/more"), Path.of("/srv/mirror"));
    }

    @Test
    void nothingDeclaredIsEmpty() {
        assertThat(new PipCommand(Path.of("python"), Path.of("/out"), List.of(), List.of(), List.of("--no-index"))
                .isEmpty()).isTrue();
    }
}
