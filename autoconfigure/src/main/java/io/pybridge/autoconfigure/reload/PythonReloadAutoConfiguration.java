package io.pybridge.autoconfigure.reload;

import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.autoconfigure.PythonProperties;
import io.pybridge.core.PythonRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Live Python reload for development: a {@link PythonSourceWatcher} over the application's
 * Python sources when they are folders on the file system (an IDE run, {@code spring-boot:run}),
 * on by default only while DevTools restarts the application ({@link OnLiveReloadCondition}).
 */
@AutoConfiguration(after = PythonAutoConfiguration.class)
@ConditionalOnBean(PythonRuntime.class)
@Conditional(OnLiveReloadCondition.class)
@EnableConfigurationProperties(PythonReloadProperties.class)
public final class PythonReloadAutoConfiguration {

    private static final Log logger = LogFactory.getLog(PythonReloadAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    PythonSourceWatcher pythonSourceWatcher(PythonRuntime runtime, PythonProperties properties,
            PythonReloadProperties reload, ResourcePatternResolver resolver) {
        return new PythonSourceWatcher(runtime, watchedFolders(properties, resolver), reload.getPollInterval(),
                reload.getQuietPeriod());
    }

    /**
     * The sources folder when it is on the file system (in a jar it was unpacked into the cache
     * and never changes), and the {@code pybridge.python.path} folders: the application's own
     * Python. Installed packages and the standard library are not watched.
     */
    static List<Path> watchedFolders(PythonProperties properties, ResourcePatternResolver resolver) {
        List<Path> folders = new ArrayList<>();
        String sources = properties.getPython().getSources();
        if (sources != null && !sources.isBlank()) {
            Resource root = resolver.getResource(sources.endsWith("/") ? sources : sources + "/");
            try {
                if (root.exists() && root.isFile()) {
                    folders.add(root.getFile().toPath().toRealPath());
                }
                else if (root.exists()) {
                    logger.info("Live Python reload does not watch " + sources + ": it is inside a jar");
                }
            }
            catch (IOException ex) {
                logger.info("Live Python reload does not watch " + sources + ": " + ex.getMessage());
            }
        }
        for (String entry : properties.getPython().getPath()) {
            Path folder = Path.of(entry).toAbsolutePath().normalize();
            if (Files.isDirectory(folder) && !folders.contains(folder)) {
                folders.add(folder);
            }
        }
        return folders;
    }
}
