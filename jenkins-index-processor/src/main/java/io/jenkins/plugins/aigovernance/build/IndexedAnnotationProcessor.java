package io.jenkins.plugins.aigovernance.build;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * For every annotation type that is itself annotated with {@code org.jvnet.hudson.annotation_indexer.Indexed},
 * lists the binary names of the classes using it (on the class or one of its members) in
 * {@code META-INF/services/annotations/<annotation>}, one per line, sorted: the file Jenkins' annotation
 * index reads to find {@code @Symbol}s and {@code @Initializer}s.
 */
@SupportedAnnotationTypes("*")
public final class IndexedAnnotationProcessor extends AbstractProcessor {
    static final String INDEXED = "org.jvnet.hudson.annotation_indexer.Indexed";

    private final Map<String, Set<String>> uses = new TreeMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latest();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
            if (!isIndexed(annotation)) {
                continue;
            }
            String name = annotation.getQualifiedName().toString();
            for (Element used : round.getElementsAnnotatedWith(annotation)) {
                TypeElement owner = owningType(used);
                if (owner != null) {
                    uses.computeIfAbsent(name, k -> new TreeSet<>())
                            .add(processingEnv.getElementUtils().getBinaryName(owner).toString());
                }
            }
        }
        if (round.processingOver()) {
            write();
        }
        return false;
    }

    private static boolean isIndexed(TypeElement annotation) {
        for (AnnotationMirror meta : annotation.getAnnotationMirrors()) {
            if (((TypeElement) meta.getAnnotationType().asElement()).getQualifiedName().contentEquals(INDEXED)) {
                return true;
            }
        }
        return false;
    }

    private static TypeElement owningType(Element element) {
        Element current = element;
        while (current != null && !(current instanceof TypeElement)) {
            current = current.getEnclosingElement();
        }
        return (TypeElement) current;
    }

    private void write() {
        for (Map.Entry<String, Set<String>> use : uses.entrySet()) {
            String file = "META-INF/services/annotations/" + use.getKey();
            try {
                FileObject out = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", file);
                try (Writer writer = new java.io.OutputStreamWriter(out.openOutputStream(), StandardCharsets.UTF_8)) {
                    for (String type : use.getValue()) {
                        writer.write(type);
                        writer.write('\n');
                    }
                }
            } catch (IOException e) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot write " + file + ": " + e);
            }
        }
    }
}
