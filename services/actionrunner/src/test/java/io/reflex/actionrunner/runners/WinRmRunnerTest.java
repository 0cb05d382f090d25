package io.reflex.actionrunner.runners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WinRM runners against a WS-Management endpoint this test serves itself: it checks the Basic credentials,
 * answers the SOAP exchange a Windows host answers (Create shell, Command, Receive, Signal, Delete) with the
 * output and exit code the test chose, and keeps every request for the test to assert.
 */
class WinRmRunnerTest {
    private static final String SHELL_ID = "11111111-2222-3333-4444-555555555555";
    private static final String COMMAND_ID = "66666666-7777-8888-9999-000000000000";

    @TempDir
    Path pack;

    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> unauthorized = new CopyOnWriteArrayList<>();
    volatile String stdout = "";
    volatile String stderr = "";
    volatile int exitCode;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/wsman", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String expected =
                "Basic " + Base64.getEncoder().encodeToString("Administrator:s3cret".getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
            unauthorized.add(body);
            x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"WSMAN\"");
            x.sendResponseHeaders(401, -1);
            x.close();
            return;
        }
        requests.add(body);
        String action = first(body, "Action");
        String reply = envelope(action, first(body, "MessageID"), responseBody(action));
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/soap+xml;charset=UTF-8");
        x.sendResponseHeaders(200, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private String responseBody(String action) {
        String shell = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/";
        if (action.endsWith("/transfer/Create")) {
            return "<x:ResourceCreated><a:Address>" + address() + "</a:Address><a:ReferenceParameters>"
                    + "<w:ResourceURI>" + shell + "cmd</w:ResourceURI><w:SelectorSet>"
                    + "<w:Selector Name=\"ShellId\">" + SHELL_ID + "</w:Selector></w:SelectorSet>"
                    + "</a:ReferenceParameters></x:ResourceCreated>";
        }
        if (action.equals(shell + "Command")) {
            return "<rsp:CommandResponse><rsp:CommandId>" + COMMAND_ID + "</rsp:CommandId></rsp:CommandResponse>";
        }
        if (action.equals(shell + "Receive")) {
            return "<rsp:ReceiveResponse>" + stream("stdout", stdout) + stream("stderr", stderr)
                    + "<rsp:CommandState CommandId=\"" + COMMAND_ID + "\" State=\"" + shell
                    + "CommandState/Done\"><rsp:ExitCode>" + exitCode + "</rsp:ExitCode></rsp:CommandState>"
                    + "</rsp:ReceiveResponse>";
        }
        if (action.equals(shell + "Signal")) {
            return "<rsp:SignalResponse/>";
        }
        return ""; // Delete
    }

    private static String stream(String name, String text) {
        String data = text.isEmpty()
                ? ""
                : "<rsp:Stream Name=\"" + name + "\" CommandId=\"" + COMMAND_ID + "\">"
                        + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "</rsp:Stream>";
        return data + "<rsp:Stream Name=\"" + name + "\" CommandId=\"" + COMMAND_ID + "\" End=\"true\"/>";
    }

    private static String envelope(String action, String relatesTo, String body) {
        return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
                + " xmlns:x=\"http://schemas.xmlsoap.org/ws/2004/09/transfer\""
                + " xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\""
                + " xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell\">"
                + "<s:Header><a:Action>" + action + "Response</a:Action>"
                + "<a:MessageID>uuid:AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE</a:MessageID>"
                + "<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To>"
                + "<a:RelatesTo>" + relatesTo + "</a:RelatesTo></s:Header>"
                + "<s:Body>" + body + "</s:Body></s:Envelope>";
    }

    /** The text of the first element named {@code local} (any prefix). */
    private static String first(String xml, String local) {
        Matcher m =
                Pattern.compile("<(?:[\\w-]+:)?" + local + "\\b[^>]*>([^<]*)<").matcher(xml);
        return m.find() ? m.group(1) : "";
    }

    private String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/wsman";
    }

    private RunContext context(String entryPoint, ObjectNode runnerParams, ObjectNode actionParams, ObjectNode schema) {
        ObjectNode p = Json.object()
                .put("host", "127.0.0.1")
                .put("port", server.getAddress().getPort())
                .put("scheme", "http")
                .put("transport", "basic")
                .put("username", "Administrator")
                .put("password", "s3cret")
                .put("timeout", 120); // the first call starts the SOAP stack: slow on a loaded machine
        p.setAll(runnerParams);
        return new RunnerFixtures().context(pack, entryPoint, p, actionParams, schema);
    }

    private List<String> actions() {
        return requests.stream()
                .map(r -> first(r, "Action").replaceAll(".*/", ""))
                .toList();
    }

    @Test
    void winrmCmdRunsTheCommandInAShellWithCwdAndEnvAndReportsStackStormsResult() throws Exception {
        stdout = "hello from windows\r\n";
        ObjectNode runner = Json.object().put("cmd", "dir C:\\Temp").put("cwd", "C:\\Temp");
        runner.putObject("env").put("GREETING", "hi");

        Runner.Result r = new WinRmRunner(WinRmRunner.Kind.CMD).run(context("", runner, Json.object(), Json.object()));

        assertThat(r.status()).as(r.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.result())
                .isEqualTo(Json.read(
                        "{\"failed\": false, \"succeeded\": true, \"return_code\": 0,"
                                + " \"stdout\": \"hello from windows\\r\\n\", \"stderr\": \"\"}",
                        JsonNode.class));
        assertThat(actions()).startsWith("Create", "Command", "Receive").contains("Signal", "Delete");
        String create = requests.get(0);
        assertThat(first(create, "WorkingDirectory")).isEqualTo("C:\\Temp");
        assertThat(create).containsPattern("Variable Name=\"GREETING\">hi<");
        assertThat(first(requests.get(1), "Command")).isEqualTo("dir C:\\Temp");
        assertThat(requests.get(1)).contains(SHELL_ID);
        assertThat(unauthorized).as("Basic credentials go with every request").isEmpty();
    }

    @Test
    void winrmPsScriptRunsTheEntryPointWithPowerShellArgumentsAndFailsOnANonZeroExit() throws Exception {
        Files.createDirectories(pack.resolve("actions"));
        Files.writeString(pack.resolve("actions/check.ps1"), "param($Name, $Count)\nWrite-Output $Name");
        stdout = "{\"name\": \"web01\", \"count\": 2}\r\n";
        stderr = "warning\r\n";
        exitCode = 3;
        ObjectNode schema = Json.read(
                "{\"Name\": {\"type\": \"string\"}, \"Count\": {\"type\": \"integer\", \"position\": 0}}",
                ObjectNode.class);
        ObjectNode params = Json.object().put("Name", "web$01 \"a\"").put("Count", 2);

        Runner.Result r =
                new WinRmRunner(WinRmRunner.Kind.PS_SCRIPT).run(context("check.ps1", Json.object(), params, schema));

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.result().path("return_code").asInt()).isEqualTo(3);
        assertThat(r.result().path("failed").asBoolean()).isTrue();
        assertThat(r.result().path("stdout").path("name").asText())
                .as("JSON output is decoded")
                .isEqualTo("web01");
        assertThat(r.result().path("stderr").asText()).isEqualTo("warning\r\n");
        String command = first(requests.get(1), "Command");
        assertThat(command).startsWith("powershell");
        String encoded = command.substring(command.lastIndexOf(' ') + 1);
        String script = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_16LE);
        assertThat(script).isEqualTo("& {param($Name, $Count)\nWrite-Output $Name} -Name \"web`$01 `\"a`\"\" 2");
    }

    @Test
    void winrmPsCmdRunsItsCommandAsPowerShell() throws Exception {
        stdout = "ok";
        Runner.Result r = new WinRmRunner(WinRmRunner.Kind.PS_CMD)
                .run(context("", Json.object().put("cmd", "Get-Date"), Json.object(), Json.object()));

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.result().path("stdout").asText()).isEqualTo("ok");
        String command = first(requests.get(1), "Command");
        String encoded = command.substring(command.lastIndexOf(' ') + 1);
        assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_16LE))
                .isEqualTo("Get-Date");
    }

    @Test
    void anUnsupportedTransportOrAnUnreachableHostFailsWithAnError() throws Exception {
        Runner.Result credssp = new WinRmRunner(WinRmRunner.Kind.CMD)
                .run(context(
                        "", Json.object().put("cmd", "dir").put("transport", "credssp"), Json.object(), Json.object()));
        assertThat(credssp.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(credssp.result().path("error").asText()).contains("\"credssp\" is not supported");
        assertThat(requests).isEmpty();

        server.stop(0);
        Runner.Result down = new WinRmRunner(WinRmRunner.Kind.CMD)
                .run(context("", Json.object().put("cmd", "dir"), Json.object(), Json.object()));
        assertThat(down.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(down.result().path("error").asText()).startsWith("WinRM request to 127.0.0.1 failed");
    }

    @Test
    void powerShellLiteralsAreStackStorms() {
        assertThat(WinRmRunner.toPowerShell(Json.read("[1, true, null, \"a`b\"]", JsonNode.class)))
                .isEqualTo("@(1, $true, $null, \"a``b\")");
        assertThat(WinRmRunner.toPowerShell(Json.read("{\"k\": false}", JsonNode.class)))
                .isEqualTo("@{\"k\" = $false}");
    }
}
