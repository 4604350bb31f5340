package io.pybridge.autoconfigure.client;

import io.pybridge.core.client.PythonCall;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Finds interfaces that carry {@link PythonCall} (on the interface or on any method) and
 * registers each as a bean created by {@link PythonClientFactoryBean}. The bean name is the
 * decapitalized interface name; a {@code @Qualifier} on the interface is kept.
 */
final class PythonClientScanner {

    private final BeanDefinitionRegistry registry;

    private final ClassPathScanningCandidateComponentProvider provider;

    /**
     * Loads the interfaces found: the context's bean class loader, so a client bean's type is the
     * very class the application injects (DevTools' restart class loader loads the application's
     * classes; pybridge's own loader would load a second, different copy of the interface).
     */
    private final @Nullable ClassLoader classLoader;

    PythonClientScanner(BeanDefinitionRegistry registry, Environment environment, ResourceLoader resourceLoader,
            @Nullable ClassLoader classLoader) {
        this.registry = registry;
        this.classLoader = classLoader;
        this.provider = new ClassPathScanningCandidateComponentProvider(false, environment) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
            }
        };
        provider.setResourceLoader(resourceLoader);
        provider.addIncludeFilter((reader, factory) -> {
            AnnotationMetadata metadata = reader.getAnnotationMetadata();
            return metadata.isInterface() && (metadata.hasAnnotation(PythonCall.class.getName())
                    || metadata.hasAnnotatedMethods(PythonCall.class.getName()));
        });
    }

    /** Registers the clients found under {@code packages}; returns their bean names. */
    Set<String> register(Iterable<String> packages) {
        Set<String> names = new LinkedHashSet<>();
        for (String basePackage : packages) {
            for (BeanDefinition candidate : provider.findCandidateComponents(basePackage)) {
                String className = candidate.getBeanClassName();
                String beanName = StringUtils.uncapitalize(ClassUtils.getShortName(className));
                if (!registry.containsBeanDefinition(beanName)) {
                    registry.registerBeanDefinition(beanName, definition(className, beanName, candidate));
                }
                names.add(beanName);
            }
        }
        return names;
    }

    private RootBeanDefinition definition(String className, String beanName, BeanDefinition candidate) {
        Class<?> client = ClassUtils.resolveClassName(className, classLoader);
        RootBeanDefinition definition = new RootBeanDefinition(PythonClientFactoryBean.class);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, client);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(1, beanName);
        definition.setTargetType(ResolvableType.forClass(client));
        definition.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, ResolvableType.forClass(client));
        if (candidate instanceof AnnotatedBeanDefinition annotated) {
            var qualifier = annotated.getMetadata().getAnnotations().get(Qualifier.class);
            if (qualifier.isPresent()) {
                definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, qualifier.getString("value")));
            }
        }
        return definition;
    }
}
