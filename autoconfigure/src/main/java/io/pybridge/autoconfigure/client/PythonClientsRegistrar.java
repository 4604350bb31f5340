package io.pybridge.autoconfigure.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/** Registers the clients of the packages an {@link EnablePythonClients} names. */
class PythonClientsRegistrar extends AbstractPythonClientsRegistrar {

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(EnablePythonClients.class.getName());
        List<String> packages = new ArrayList<>();
        if (attributes != null) {
            packages.addAll(List.of((String[]) attributes.get("basePackages")));
            for (Class<?> type : (Class<?>[]) attributes.get("basePackageClasses")) {
                packages.add(ClassUtils.getPackageName(type));
            }
        }
        if (packages.isEmpty()) {
            packages.add(ClassUtils.getPackageName(metadata.getClassName()));
        }
        register(registry, packages);
    }
}
