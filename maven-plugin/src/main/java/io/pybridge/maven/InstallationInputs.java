package io.pybridge.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A hash of everything that decides what pip installs: the interpreter (version, ABI, platform),
 * the declared packages and pip arguments, the requirements files' content and the wheels in
 * {@code --find-links} folders (names, sizes, times). Equal hashes mean an installation can be
 * kept; an index's content is not part of it ({@code -Dpybridge.packages.force} reinstalls).
 */
final class InstallationInputs {

    private InstallationInputs() {
    }

    static String fingerprint(PipCommand pip, Map<String, String> interpreter, Path baseDirectory) throws IOException {
        MessageDigest digest = sha256();
        update(digest, "python", interpreter.get("python.version") + " " + interpreter.get("python.abi") + " "
                + interpreter.get("python.platform"));
        update(digest, "packages", String.join("\n", pip.packages()));
        update(digest, "pip", String.join("\n", pip.pipArguments()));
        for (Path file : pip.requirementFiles()) {
            update(digest, "requirements " + file, Files.readString(file, StandardCharsets.UTF_8));
        }
        for (Path folder : pip.findLinksFolders(baseDirectory)) {
            update(digest, "find-links " + folder, listing(folder));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String listing(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return "absent";
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                files.put(file.getFileName().toString(), Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis());
            }
        }
        return files.toString();
    }

    private static void update(MessageDigest digest, String key, String value) {
        digest.update((key + "\0" + value + "\0").getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
