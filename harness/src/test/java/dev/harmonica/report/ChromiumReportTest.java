package dev.harmonica.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads index.html in a real headless Chromium (Debian's {@code chromium}; skipped when /usr/bin/chromium is absent):
 * no console messages, no network requests from the page, none of the XSS payloads in the journal executes or
 * creates an element, and a screenshot is produced (copied to harness/target/report-screenshot.png for a look).
 */
class ChromiumReportTest {
    static final Path CHROMIUM = Path.of(System.getProperty("harmonica.chromium", "/usr/bin/chromium"));

    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void build() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "SKIPPED: " + CHROMIUM
                + " not found; install Debian's chromium (apt-get install -y chromium) to check the HTML report in a real browser");
        run = Fixtures.fixtureRun(tmp);
        // a shard whose model output and ids try to reach the network and to run script
        String payload = "<img src=\\\"http://127.0.0.1:9/leak.png\\\"><link rel=stylesheet href=https://example.invalid/x.css>"
                + "<iframe src=//example.invalid/f></iframe><script>document.title='PWNED3'</script>"
                + "<svg><script>document.title='PWNED4'</script></svg><style>body{background:url(http://127.0.0.1:9/bg)}</style>";
        String turn = "{\"type\":\"turn\",\"run_id\":\"fx-1\",\"shard\":\"extra\",\"scenario_id\":\"net_<b>probe</b>\","
                + "\"source\":\"bfcl\",\"category\":\"multi_turn_base\",\"variant\":\"%s\",\"turn\":0,\"step\":0,\"depth\":0,"
                + "\"prompt_tokens\":10,\"completion_tokens\":5,\"latency_ms\":1,\"raw\":{\"text\":\"" + payload + "\"},"
                + "\"strict\":{\"ok\":false,\"error\":\"" + payload + "\"},\"lenient\":{\"ok\":true,\"messages\":[{\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"" + payload + "\"}]}],\"repairs\":[{\"code\":\"" + payload
                + "\",\"offset\":0,\"before\":\"<img\",\"after\":\"" + payload + "\"}]},\"strict_signature\":\"" + payload
                + "\",\"failure_modes\":[\"" + payload + "\"],\"tool_calls\":[{\"name\":\"" + payload + "\",\"arguments\":\""
                + payload + "\",\"valid_name\":false,\"valid_json\":false,\"schema_valid\":false,\"result\":\"" + payload + "\"}]}\n";
        String scenario = "{\"type\":\"scenario\",\"run_id\":\"fx-1\",\"scenario_id\":\"net_<b>probe</b>\",\"variant\":\"%s\","
                + "\"status\":\"completed\",\"error\":\"" + payload + "\",\"bfcl\":{\"valid\":false,\"error_type\":\"" + payload
                + "\",\"error_message\":\"" + payload + "\"}}\n";
        StringBuilder sb = new StringBuilder();
        for (String v : List.of("harmony-v0.0.8", "pr114")) sb.append(turn.formatted(v)).append(scenario.formatted(v));
        Files.writeString(run.resolve("journal-extra.jsonl"), sb.toString(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW);
        Reports.writeAll(run, new Reports.Options(50));
    }

    record Result(String stdout, String stderr, int exit) {
    }

    static Result chromium(String... extra) throws Exception {
        Path profile = Files.createTempDirectory(tmp, "profile");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--user-data-dir=" + profile,
                "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(extra));
        Path out = Files.createTempFile(tmp, "out", ".txt"), err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 180 s: " + cmd);
        }
        return new Result(Files.readString(out), Files.readString(err), p.exitValue());
    }

    static List<String> matches(String s, String regex) {
        List<String> out = new ArrayList<>();
        var m = Pattern.compile(regex).matcher(s);
        while (m.find()) out.add(s.substring(Math.max(0, m.start() - 40), Math.min(s.length(), m.end() + 40)));
        return out;
    }

    @Test
    void consoleDetectionWorks() throws Exception {
        Path probe = tmp.resolve("probe.html");
        Files.writeString(probe, "<!DOCTYPE html><title>t</title><script>console.error('harmonica-probe')</script>");
        Result r = chromium("--dump-dom", probe.toUri().toString());
        assertThat(r.stderr()).as("chromium logs console messages to stderr").contains("harmonica-probe");
    }

    @Test
    void loadsWithoutConsoleMessagesNetworkRequestsOrExecutedPayloads() throws Exception {
        Path netlog = tmp.resolve("netlog.json");
        Result r = chromium("--log-net-log=" + netlog, "--dump-dom", run.resolve("index.html").toUri().toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        String dom = r.stdout();
        assertThat(dom).contains("<title>Harmonica report · fx-1</title>");
        assertThat(dom).as("dumped DOM").contains("id=\"simulated-banner\"");
        // nothing a model wrote became an element or ran
        assertThat(dom).doesNotContain("PWNED</title>").doesNotContain("<title>PWNED");
        assertThat(matches(dom, "(?i)<(script|img|iframe|link|object|embed)[\\s>/]")).isEmpty();
        assertThat(matches(dom, "(?i)<style[\\s>]")).hasSize(1); // the report's own stylesheet in <head>
        assertThat(matches(dom, "(?i)<svg(?! role=\"img\")")).isEmpty();
        assertThat(matches(dom, "(?i)<[a-z][^<>]*\\son[a-z]+\\s*=")).isEmpty(); // an event-handler attribute on a real element
        assertThat(matches(dom, "<b>probe</b>")).isEmpty();
        assertThat(dom).contains("&lt;script&gt;document.title='PWNED3'&lt;/script&gt;");
        // no console output from the page (CSP violations or errors would be logged here)
        assertThat(r.stderr().lines().filter(l -> l.contains(":CONSOLE")).toList()).isEmpty();
        // no request from the page: only Chromium's own background hosts may appear in the net log
        JsonNode log = JournalScanner.MAPPER.readTree(netlog.toFile());
        Set<String> urls = new TreeSet<>();
        for (JsonNode e : log.path("events")) {
            String u = e.path("params").path("url").asText(null);
            if (u != null) urls.add(u);
        }
        assertThat(urls).noneMatch(u -> u.contains("127.0.0.1") || u.contains("example.invalid") || u.contains("leak"));
        assertThat(urls).allMatch(u -> u.matches("https?://([a-z0-9-]+\\.)*(google\\.com|googleapis\\.com|gvt1\\.com|gstatic\\.com)(/.*)?"),
                "only Chromium background requests");
    }

    @Test
    void producesAReadableScreenshot() throws Exception {
        Path png = tmp.resolve("report.png");
        Result r = chromium("--window-size=1280,2400", "--hide-scrollbars", "--screenshot=" + png,
                run.resolve("index.html").toUri().toString());
        assertThat(png).as(r.stderr()).isRegularFile();
        byte[] b = Files.readAllBytes(png);
        assertThat(b.length).isGreaterThan(20_000);
        assertThat(new String(b, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        Path target = Path.of(System.getProperty("harmonica.projectRoot", ".")).resolve("harness/target");
        if (Files.isDirectory(target)) Files.copy(png, target.resolve("report-screenshot.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
