package io.fraudstream.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema in {@code src/main/avro} must read data written with its previous released version
 * ({@code src/test/resources/schemas/previous}): BACKWARD compatibility, as the registry enforces it. When a
 * release ships, copy the released {@code .avsc} files over the previous ones.
 */
class SchemaCompatibilityTest {

    private static final Map<String, Schema> CURRENT = SchemaFiles.parseAll(SchemaFiles.CURRENT);
    private static final Map<String, Schema> PREVIOUS = SchemaFiles.parseAll(SchemaFiles.PREVIOUS);

    static List<String> currentSchemas() {
        return SchemaFiles.names(SchemaFiles.CURRENT);
    }

    @Test
    void shouldFindTheSchemasOfEveryTopic() {
        assertThat(currentSchemas())
                .contains(
                        "Transaction",
                        "FraudLabel",
                        "TransactionFeatures",
                        "ScoredTransaction",
                        "ModelRecord",
                        "DeadLetter",
                        "MerchantProfile",
                        "CardProfile");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void shouldKeepPreviousReleasedVersion(String name) {
        assertThat(PREVIOUS)
                .as("previous released version of %s in %s", name, SchemaFiles.PREVIOUS)
                .containsKey(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void shouldReadDataWrittenWithPreviousVersion(String name) {
        // Given
        Schema reader = CURRENT.get(name);
        Schema writer = PREVIOUS.get(name);
        assertThat(writer).as("previous version of %s", name).isNotNull();

        // When
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);

        // Then
        assertThat(result.getType())
                .as("%s is not BACKWARD compatible with its previous version: %s", name, result.getDescription())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void shouldMatchTheGeneratedClass(String name) throws ClassNotFoundException {
        Schema generated = (Schema) org.apache.avro.specific.SpecificData.get()
                .getSchema(Class.forName(SchemaFiles.NAMESPACE + "." + name));

        // the generated class carries "avro.java.string" properties; compare what matters on the wire
        assertThat(SchemaNormalization.toParsingForm(generated))
                .isEqualTo(SchemaNormalization.toParsingForm(CURRENT.get(name)));
    }

    @Test
    void shouldRejectNewRequiredFieldWithoutDefault() {
        // Given the current Transaction plus a required field without a default
        Schema writer = CURRENT.get("Transaction");
        Schema reader = withExtraField(writer, "{\"name\":\"riskScore\",\"type\":\"int\",\"doc\":\"d\"}");

        // When
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);

        // Then
        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(result.getDescription()).contains("riskScore");
    }

    @Test
    void shouldRejectNarrowingAmountToInt() {
        Schema writer = CURRENT.get("Transaction");
        Schema reader = new Schema.Parser()
                .parse(writer.toString()
                        .replace(
                                "{\"name\":\"amountMinor\",\"type\":\"long\"",
                                "{\"name\":\"amountMinor\",\"type\":\"int\""));
        assertThat(reader.getField("amountMinor").schema().getType()).isEqualTo(Schema.Type.INT);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void shouldAcceptNewOptionalFieldWithNullDefault() {
        Schema writer = CURRENT.get("Transaction");
        Schema reader = withExtraField(
                writer, "{\"name\":\"walletType\",\"type\":[\"null\",\"string\"],\"default\":null,\"doc\":\"d\"}");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static Schema withExtraField(Schema schema, String fieldJson) {
        String json = schema.toString();
        return new Schema.Parser().parse(json.substring(0, json.length() - 2) + "," + fieldJson + "]}");
    }
}
