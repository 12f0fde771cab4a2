package io.fraudstream.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.schemas.avro.TransactionFeatures;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class FeatureSetSchemaTest {

    private static final Schema SCHEMA = TransactionFeatures.getClassSchema();

    @Test
    void shouldHaveAnAvroFieldOfTheSameTypeForEveryDefinedFeature() {
        for (FeatureDefinition<?> d : FeatureSet.all()) {
            Schema.Field field = SCHEMA.getField(d.name());
            assertThat(field)
                    .as("TransactionFeatures field for feature %s", d.name())
                    .isNotNull();
            Schema type = field.schema();
            if (d.nullable()) {
                assertThat(type.getType())
                        .as("%s is nullable, so a union", d.name())
                        .isEqualTo(Schema.Type.UNION);
                assertThat(type.getTypes())
                        .extracting(Schema::getType)
                        .as("%s union", d.name())
                        .containsExactly(Schema.Type.NULL, d.type().avroType());
            } else {
                assertThat(type.getType())
                        .as("type of %s", d.name())
                        .isEqualTo(d.type().avroType());
            }
            assertThat(field.doc()).as("doc of %s", d.name()).isNotBlank();
        }
    }

    @Test
    void shouldDefineAFeatureForEveryAvroFieldThatIsNotContext() {
        Set<String> defined = new HashSet<>(FeatureSet.names());
        List<String> undefined = SCHEMA.getFields().stream()
                .map(Schema.Field::name)
                .filter(n -> !defined.contains(n) && !FeatureSet.CONTEXT_FIELDS.contains(n))
                .toList();
        assertThat(undefined)
                .as("TransactionFeatures fields that are neither features nor context")
                .isEmpty();
    }

    @Test
    void shouldKeepContextFieldsAndFeaturesApart() {
        assertThat(FeatureSet.CONTEXT_FIELDS).allSatisfy(n -> {
            assertThat(SCHEMA.getField(n)).as("context field %s exists", n).isNotNull();
            assertThat(FeatureSet.byName(n))
                    .as("context field %s is not a feature", n)
                    .isEmpty();
        });
    }

    @Test
    void shouldNameEveryFeatureOnce() {
        assertThat(FeatureSet.names()).doesNotHaveDuplicates();
    }
}
