package io.pybridge.maven;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Assembles a pure-Python wheel (PEP 427) from file contents, so tests need neither PyPI nor a
 * build backend: the files, then {@code METADATA}, {@code WHEEL} and a {@code RECORD} with each
 * file's SHA-256, as pip expects them.
 */
final class Wheels {

    private Wheels() {
    }

    /**
     * Writes {@code <name>-<version>-py3-none-any.whl} into {@code folder}.
     *
     * @param files paths inside the wheel (e.g. {@code shapes/__init__.py}) and their text
     * @param requires {@code Requires-Dist} lines, e.g. {@code greeting>=1.0}
     */
    static Path pure(Path folder, String name, String version, Map<String, String> files, List<String> requires)
            throws Exception {
        String distInfo = name + "-" + version + ".dist-info/";
        Map<String, byte[]> content = new LinkedHashMap<>();
        files.forEach((path, text) -> content.put(path, text.getBytes(StandardCharsets.UTF_8)));
        StringBuilder metadata = new StringBuilder("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version
                + "\nSummary: made by a pybridge test\n");
        requires.forEach(requirement -> metadata.append("Requires-Dist: ").append(requirement).append('\n'));
        content.put(distInfo + "METADATA", metadata.toString().getBytes(StandardCharsets.UTF_8));
        content.put(distInfo + "WHEEL", ("Wheel-Version: 1.0\nGenerator: pybridge-test\nRoot-Is-Purelib: true\n"
                + "Tag: py3-none-any\n").getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        for (Map.Entry<String, byte[]> entry : content.entrySet()) {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(entry.getValue());
            record.append(entry.getKey()).append(",sha256=")
                    .append(Base64.getUrlEncoder().withoutPadding().encodeToString(hash)).append(',')
                    .append(entry.getValue().length).append('\n');
        }
        record.append(distInfo).append("RECORD,,\n");
        content.put(distInfo + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(folder);
        Path wheel = folder.resolve(name + "-" + version + "-py3-none-any.whl");
        try (OutputStream file = Files.newOutputStream(wheel); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> entry : content.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return wheel;
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
