package io.urbanflow.clickstream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.clickstream.EventKind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventParserTest {
    private final EventParser location = new EventParser(EventKind.LOCATION);
    private final EventParser browser = new EventParser(EventKind.BROWSER);

    private static String parse(EventParser parser, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, 0, bytes.length);
    }

    @Test
    void reads_text_without_building_strings_and_decodes_escapes_on_demand() {
        assertThat(parse(location, " {\"event_id\" : \"e1\",\"page_url_path\":\"/caf\\u00e9\\/x\",\"utm_source\":\"na\\\"me\",\"referer_url\":\"m\u00fcnchen.de\"} ")).isNull();
        int path = location.position("page_url_path");
        assertThat(location.escaped(path)).isTrue();
        assertThat(location.value(path)).isEqualTo("/café/x");
        assertThat(location.value(location.position("utm_source"))).isEqualTo("na\"me");
        int referer = location.position("referer_url");
        assertThat(location.escaped(referer)).isFalse();
        assertThat(new String(location.source(), location.start(referer), location.end(referer) - location.start(referer), StandardCharsets.UTF_8))
                .isEqualTo("m\u00fcnchen.de");
        assertThat(location.key()).isEqualTo("e1");
    }

    @Test
    void keeps_numbers_and_booleans_as_their_text_ignores_unknown_fields_and_lets_a_later_copy_win() {
        assertThat(parse(location, "{\"event_id\": \"e1\", \"utm_content\": 12.5e3, \"utm_medium\": true, \"other\": {\"x\": [1, {\"y\": \"}\"}]},"
                + " \"utm_source\": \"a\", \"utm_source\": null, \"event_id\": \"e2\"}")).isNull();
        assertThat(location.value(location.position("utm_content"))).isEqualTo("12.5e3");
        assertThat(location.value(location.position("utm_medium"))).isEqualTo("true");
        assertThat(location.present(location.position("utm_source"))).isFalse();
        assertThat(location.key()).isEqualTo("e2");
    }

    @Test
    void refuses_what_is_not_one_flat_json_object_with_a_reason() {
        assertThat(parse(location, "")).isEqualTo("not valid JSON: empty");
        assertThat(parse(location, "[{\"event_id\": \"e1\"}]")).isEqualTo("not a JSON object");
        assertThat(parse(location, "{\"event_id\": \"e1\"")).isEqualTo("not valid JSON: the object ends early (expected ',' or '}')");
        assertThat(parse(location, "{\"event_id\": \"e1\"} {}")).isEqualTo("not valid JSON: content after the object at byte 19");
        assertThat(parse(location, "{\"event_id\": e1}")).isEqualTo("not valid JSON: expected a value at byte 13");
        assertThat(parse(location, "{\"event_id\": \"e\\x1\"}")).isEqualTo("not valid JSON: bad escape at byte 15");
        assertThat(parse(location, "{\"event_id\": 01}")).isEqualTo("not valid JSON: expected ',' or '}' at byte 14");
        assertThat(parse(location, "{\"event_id\": \"e1\", \"page_url\": [\"a\"]}")).isEqualTo("field page_url is not a single value");
        assertThat(parse(location, "{event_id: \"e1\"}")).isEqualTo("not valid JSON: expected a field name at byte 1");
        byte[] invalidUtf8 = {'{', '"', 'e', 'v', 'e', 'n', 't', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertThat(location.parse(invalidUtf8, 0, invalidUtf8.length)).isEqualTo("not valid UTF-8 at byte 13");
    }

    @Test
    void checks_ids_and_the_browser_timestamp() {
        assertThat(parse(location, "{\"page_url\": \"x\"}")).isEqualTo("missing event_id");
        assertThat(parse(location, "{\"event_id\": null}")).isEqualTo("missing event_id");
        assertThat(parse(location, "{\"event_id\": \"  \"}")).isEqualTo("blank event_id");
        assertThat(parse(location, "{\"event_id\": \"\\u0020\"}")).isEqualTo("blank event_id");
        assertThat(parse(browser, "{\"event_id\": \"e\", \"click_id\": \"c\"}")).isEqualTo("missing event_timestamp");
        assertThat(parse(browser, "{\"event_id\": \"e\", \"click_id\": \"c\", \"event_timestamp\": 1669668665}"))
                .isEqualTo("unparseable event_timestamp '1669668665'");
        assertThat(parse(browser, "{\"event_id\": \"e\", \"click_id\": \"c\", \"event_timestamp\": \"2022-02-30 10:00:00\"}"))
                .isEqualTo("unparseable event_timestamp '2022-02-30 10:00:00'");
        assertThat(parse(browser, "{\"event_id\": \"e\", \"click_id\": \"c\", \"event_timestamp\": \" 2022-11-28T20:51:05.5+01:00 \"}")).isNull();
        assertThat(browser.timestampMicros()).isEqualTo(1_669_665_065_500_000L);
    }
}
