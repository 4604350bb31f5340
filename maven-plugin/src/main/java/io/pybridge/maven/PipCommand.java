package io.pybridge.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pip command line that installs the declared packages into one folder. Pure: no process
 * is started here.
 *
 * <p>{@code --target} puts the packages in a plain folder (no virtualenv, no interpreter copy)
 * that goes on {@code sys.path} as it is. pip is the interpreter's own ({@code -m pip}), so it
 * chooses wheels for exactly that interpreter's ABI and platform. The user's pip arguments come
 * before the requirements, so pip's own options ({@code --no-index}, {@code --find-links},
 * {@code --index-url}) work as on the command line, and pip's configuration file and
 * {@code PIP_*} variables apply too.
 */
record PipCommand(Path python, Path target, List<String> packages, List<Path> requirementFiles, List<String> pipArguments) {

    PipCommand {
        packages = List.copyOf(packages);
        requirementFiles = List.copyOf(requirementFiles);
        pipArguments = List.copyOf(pipArguments);
    }

    /** Whether anything is declared at all. */
    boolean isEmpty() {
        return packages.isEmpty() && requirementFiles.isEmpty();
    }

    List<String> arguments() {
        List<String> command = new ArrayList<>(List.of(python.toString(), "-m", "pip", "install", "--target",
                target.toString(), "--no-input", "--disable-pip-version-check", "--no-warn-script-location",
                "--no-compile"));
        command.addAll(pipArguments);
        for (Path file : requirementFiles) {
            command.add("-r");
            command.add(file.toString());
        }
        command.addAll(packages);
        return command;
    }

    /**
     * Compiles the installed modules to {@code .pyc} files that Python uses without comparing
     * source timestamps ({@code unchecked-hash}): unpacking from the jar gives every source a
     * new time, which would make timestamp-based {@code .pyc} files (pip's default) stale at every
     * new cache folder. They are also the same bytes at every build.
     */
    List<String> compileArguments() {
        return List.of(python.toString(), "-m", "compileall", "-q", "--invalidation-mode", "unchecked-hash",
                target.toString());
    }

    /**
     * The folders named by {@code --find-links} / {@code -f} among the pip arguments, whose
     * content is part of what makes an installation up to date.
     */
    List<Path> findLinksFolders(Path baseDirectory) {
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < pipArguments.size(); i++) {
            String argument = pipArguments.get(i);
            String value = null;
            if (argument.startsWith("--find-links=")) {
                value = argument.substring("--find-links=".length());
            }
            else if ((argument.equals("--find-links") || argument.equals("-f")) && i + 1 < pipArguments.size()) {
                value = pipArguments.get(++i);
            }
            if (value != null && !value.contains("://")) {
                folders.add(baseDirectory.resolve(value.startsWith("file:") ? value.substring(5) : value));
            }
        }
        return folders;
    }
}
