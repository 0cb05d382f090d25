package io.reflex.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplatesTest {
    static final Datastore KV = new Datastore() {
        final Map<String, String> values = Map.of(
                "st2kv.system:greeting", "hello",
                "st2kv.system:app.db.host", "db1",
                "st2kv.system:secret_token", "CIPHER",
                "st2kv.user:ada:pref", "dark");

        @Override
        public Optional<String> get(String scope, String name) {
            return Optional.ofNullable(values.get(scope + ":" + name));
        }

        @Override
        public String decrypt(String ciphertext) {
            return ciphertext.equals("CIPHER") ? "s3cret" : "?";
        }
    };

    final Templates t = new Templates(KV);

    @Test
    void rendersTriggerDataWithTrimmedBlocks() {
        Map<String, Object> ctx = Map.of("trigger", Map.of("body", Map.of("name", "Ada", "tags", List.of("a", "b"))));
        assertThat(t.render("Hi {{ trigger.body.name }}", ctx)).isEqualTo("Hi Ada");
        assertThat(t.render("{% for x in trigger.body.tags %}\n{{ x }}\n{% endfor %}\n", ctx))
                .isEqualTo("a\nb\n");
    }

    @Test
    void undefinedNamesAreErrorsNotEmptyStrings() {
        assertThatThrownBy(() -> t.render("{{ nope }}", Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> t.render("{{ trigger.missing }}", Map.of("trigger", Map.of())))
                .isInstanceOf(TemplateException.class);
    }

    @Test
    void javaInternalsAreOutOfReach() {
        Map<String, Object> ctx = Map.of("s", "x");
        for (String evil : List.of(
                "{{ s.getClass() }}",
                "{{ s.class }}",
                "{{ s.getClass().forName('java.lang.Runtime').getRuntime().exec('true') }}")) {
            String out;
            try {
                out = t.render(evil, ctx);
            } catch (TemplateException refused) {
                continue;
            }
            assertThat(out).as(evil).doesNotContain("java.lang").doesNotContain("Process");
        }
    }

    @Test
    void singleExpressionsKeepTheirType() {
        Map<String, Object> ctx = Map.of("trigger", Map.of("n", 5, "obj", Map.of("a", 1)));
        assertThat(((Number) t.evaluate("{{ trigger.n }}", ctx)).longValue()).isEqualTo(5L);
        assertThat(t.evaluate("{{ trigger.obj }}", ctx)).isEqualTo(Map.of("a", 1));
        assertThat(t.evaluate("n={{ trigger.n }}", ctx)).isEqualTo("n=5");
    }

    @Test
    void stackStormFiltersWork() {
        Map<String, Object> ctx = Map.of("v", "{\"a\": [1, 2]}", "path", "/opt/app/run.sh", "s", "abc123def");
        assertThat(t.render("{{ (v | from_json_string).a[1] }}", ctx)).isEqualTo("2");
        assertThat(t.render("{{ path | basename }} {{ path | dirname }}", ctx)).isEqualTo("run.sh /opt/app");
        assertThat(t.render("{{ s | regex_replace('[0-9]+', '-') }}", ctx)).isEqualTo("abc-def");
        assertThat(t.render("{{ s | regex_replace('([a-z]+)([0-9]+)', '\\\\2\\\\1') }}", ctx))
                .isEqualTo("123abcdef");
        assertThat(t.render("{{ s | regex_match('[a-z]+') }} {{ s | regex_match('[0-9]+') }}", ctx))
                .isEqualTo("True False");
        assertThat(t.render("{{ s | regex_search('[0-9]+') }} {{ s | regex_substring('[a-z]+', 1) }}", ctx))
                .isEqualTo("True def");
        assertThat(t.render("{{ 93784 | to_human_time_from_seconds }}", ctx)).isEqualTo("1d2h3m4s");
        assertThat(t.render("{{ '1.2.3' | version_bump_minor }} {{ '1.2.3' | version_compare('1.10.0') }}", ctx))
                .isEqualTo("1.3.0 -1");
        assertThat(t.render("{{ '2.0.0' | version_match('>=1.5.0') }} {{ '1.2.3' | version_strip_patch }}", ctx))
                .isEqualTo("True 1.2");
        assertThat(t.render("{{ v | from_json_string | jsonpath_query('$.a[0]') }}", ctx))
                .isEqualTo("[1]");
        assertThat(t.render("{{ 'a\"b' | json_escape }}", ctx)).isEqualTo("a\\\"b");
    }

    @Test
    void datastoreValuesAndSecrets() {
        String tpl = "{{ st2kv.system.greeting }} {{ st2kv.system.app.db.host }} {{ st2kv.user.pref }} "
                + "{{ st2kv.system.secret_token | decrypt_kv }}";
        Map<String, Object> ctx = Map.of("st2kv", KeyValueContext.build(tpl, KV, "ada"));
        assertThat(t.render(tpl, ctx)).isEqualTo("hello db1 dark s3cret");
    }

    @Test
    void shellQuoteMakesOneLiteralWordOfAnyValue() throws Exception {
        List<String> payloads = List.of(
                "x\"; touch /tmp/pwned; echo \"",
                "$(touch /tmp/pwned)",
                "`touch /tmp/pwned`",
                "'; touch /tmp/pwned; '",
                "a\ntouch /tmp/pwned\n",
                "it's",
                "",
                "-n",
                "\\ $HOME * ~ ! ; & | < > ( ) { }");
        for (String p : payloads) {
            String command = t.render("printf '%s' {{ v | shell_quote }}", Map.of("v", p));
            Process proc = new ProcessBuilder("bash", "-c", command).start();
            String out = new String(proc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(proc.waitFor()).isZero();
            assertThat(out).as(command).isEqualTo(p);
        }
        assertThat(t.render("{{ v | shell_quote }}", Map.of("v", "it's"))).isEqualTo("'it'\"'\"'s'");
        assertThat(t.render("{{ v | shell_quote }}", Map.of("v", 42))).isEqualTo("'42'");
        assertThat(t.render("{{ v | shell_quote }}", Map.of("v", List.of("a", "b"))))
                .isEqualTo("'[\"a\",\"b\"]'");
    }
}
