package io.fraudstream.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every current schema follows the conventions of {@link SchemaRules}; the rules catch violations. */
class SchemaConventionsTest {

    private static final Map<String, Schema> CURRENT = SchemaFiles.parseAll(SchemaFiles.CURRENT);

    static List<String> currentSchemas() {
        return SchemaFiles.names(SchemaFiles.CURRENT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void shouldFollowSchemaConventions(String name) {
        assertThat(SchemaRules.violations(CURRENT.get(name))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void shouldUseProjectNamespace(String name) {
        assertThat(CURRENT.get(name).getNamespace()).isEqualTo(SchemaFiles.NAMESPACE);
        assertThat(CURRENT.get(name).getName()).isEqualTo(name);
    }

    @Test
    void shouldFlagMoneyAsDouble() {
        Schema bad = parse("""
                {"type":"record","name":"Bad","doc":"d","fields":[
                  {"name":"amountMinor","type":"long","doc":"d"},
                  {"name":"refundAmount","type":["null","double"],"default":null,"doc":"d"},
                  {"name":"feeMinor","type":"float","doc":"d"},
                  {"name":"amountMean","type":"double","doc":"d","fraudstream.derivedStatistic":true}]}""");

        assertThat(SchemaRules.violations(bad))
                .containsExactly(
                        "field Bad.refundAmount looks like money but is DOUBLE: use long minor units plus an ISO 4217 currency (or mark a statistic with fraudstream.derivedStatistic)",
                        "field Bad.feeMinor looks like money but is FLOAT: use long minor units plus an ISO 4217 currency (or mark a statistic with fraudstream.derivedStatistic)");
    }

    @Test
    void shouldFlagMissingDocsAndEnumDefault() {
        Schema bad = parse("""
                {"type":"record","name":"Bad","fields":[
                  {"name":"kind","type":{"type":"enum","name":"Kind","doc":"d","symbols":["A","B"]},"doc":"d"},
                  {"name":"note","type":"string"}]}""");

        assertThat(SchemaRules.violations(bad))
                .containsExactly(
                        "record Bad has no doc", "enum Kind has no default symbol", "field Bad.note has no doc");
    }

    @Test
    void shouldFlagTimestampsWithoutTimestampMillis() {
        Schema bad = parse("""
                {"type":"record","name":"Bad","doc":"d","fields":[
                  {"name":"eventTime","type":"long","doc":"d"},
                  {"name":"createdAt","type":{"type":"long","logicalType":"timestamp-micros"},"doc":"d"},
                  {"name":"labelTime","type":["null",{"type":"long","logicalType":"timestamp-millis"}],"default":null,"doc":"d"}]}""");

        assertThat(SchemaRules.violations(bad))
                .hasSize(3)
                .anyMatch(v -> v.startsWith("field Bad.eventTime looks like a timestamp"))
                .anyMatch(v -> v.startsWith("field Bad.createdAt looks like a timestamp"))
                .anyMatch(v -> v.startsWith("field Bad.createdAt uses timestamp-micros"));
    }

    @Test
    void shouldFlagOptionalFieldsNotNullFirstOrWithoutNullDefault() {
        Schema bad = parse("""
                {"type":"record","name":"Bad","doc":"d","fields":[
                  {"name":"a","type":["string","null"],"default":"x","doc":"d"},
                  {"name":"b","type":["null","string"],"doc":"d"}]}""");

        assertThat(SchemaRules.violations(bad))
                .containsExactly(
                        "field Bad.a is a union other than [\"null\", T]: [\"string\",\"null\"]",
                        "field Bad.b is optional but its default is not null");
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
