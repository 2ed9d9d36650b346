package org.thatdam.core.fields;

import java.util.List;

/**
 * A field definition as people write it (API body, command line): to create a field, name and type
 * are needed; to edit one, every null component stays as it is (the name never changes).
 */
public record FieldSpec(String name, String label, String type, Boolean required, List<String> kinds, String help,
                        List<String> choices, String vocabulary, Integer position) {

    public static FieldSpec of(String name, String type) {
        return new FieldSpec(name, null, type, null, null, null, null, null, null);
    }

    public FieldSpec withLabel(String v) { return new FieldSpec(name, v, type, required, kinds, help, choices, vocabulary, position); }
    public FieldSpec withType(String v) { return new FieldSpec(name, label, v, required, kinds, help, choices, vocabulary, position); }
    public FieldSpec withRequired(Boolean v) { return new FieldSpec(name, label, type, v, kinds, help, choices, vocabulary, position); }
    public FieldSpec withKinds(List<String> v) { return new FieldSpec(name, label, type, required, v, help, choices, vocabulary, position); }
    public FieldSpec withHelp(String v) { return new FieldSpec(name, label, type, required, kinds, v, choices, vocabulary, position); }
    public FieldSpec withChoices(List<String> v) { return new FieldSpec(name, label, type, required, kinds, help, v, vocabulary, position); }
    public FieldSpec withVocabulary(String v) { return new FieldSpec(name, label, type, required, kinds, help, choices, v, position); }
    public FieldSpec withPosition(Integer v) { return new FieldSpec(name, label, type, required, kinds, help, choices, vocabulary, v); }
}
