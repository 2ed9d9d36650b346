package org.thatdam.core.text;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.thatdam.model.DamException;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextRulesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ab\u202Ec|batch name contains a text-direction control (U+202E) at position 3",
            "\u2067x|batch name contains a text-direction control (U+2067) at position 1",
            "x\u061C|batch name contains a text-direction control (U+061C) at position 2",
            "a\u0000b|batch name contains a control character (U+0000) at position 2",
            "a\u009Bb|batch name contains a control character (U+009B) at position 2",
            "a\u2028b|batch name contains a line separator (U+2028) at position 2",
            "x\uDBFF|batch name contains a lone surrogate (U+DBFF) at position 2",
            "\uDC01x|batch name contains a lone surrogate (U+DC01) at position 1"})
    void refusedWithFieldAndPosition(String value, String message) {
        assertThatThrownBy(() -> org.thatdam.core.library.BatchService.validBatchName(value)).isInstanceOf(DamException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Été 2024", "🎬 rushes", "👩\u200D💻 dev", "日本語", "עברית", "a-b_c.d"})
    void textIsAccepted(String value) {
        assertThatCode(() -> TextRules.check("title", value, false)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"line\nline", "tab\there", "crlf\r\n"})
    void lineBreaksOnlyWhereMultiline(String value) {
        assertThatCode(() -> TextRules.check("description", value, true)).doesNotThrowAnyException();
        assertThatThrownBy(() -> TextRules.check("title", value, false)).hasMessageContaining("control character");
    }
}
