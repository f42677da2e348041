package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UrbanFlowCommandTest {
    @Test
    void data_dir_is_accepted_before_or_after_the_command_name() {
        CommandLine before = UrbanFlowCommand.commandLine();
        before.parseArgs("--data-dir", "/tmp/a", "help");
        assertThat(((UrbanFlowCommand) before.getCommand()).dataDir()).isEqualTo(Path.of("/tmp/a"));

        CommandLine after = UrbanFlowCommand.commandLine();
        after.parseArgs("help", "--data-dir", "/tmp/b");
        assertThat(((UrbanFlowCommand) after.getCommand()).dataDir()).isEqualTo(Path.of("/tmp/b"));
    }

    @Test
    void an_unknown_option_prints_one_line_and_a_hint_and_exits_2() {
        CommandLine commandLine = UrbanFlowCommand.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute("--no-such-option");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("urbanflow: Unknown option: '--no-such-option'")
                .contains("Try 'urbanflow --help'.").doesNotContain("at picocli");
    }

    @Test
    void every_command_and_subcommand_prints_its_help_and_exits_0() {
        java.util.List<String> failures = new java.util.ArrayList<>();
        java.util.ArrayDeque<CommandLine> pending = new java.util.ArrayDeque<>(UrbanFlowCommand.commandLine().getSubcommands().values());
        while (!pending.isEmpty()) {
            CommandLine command = pending.pop();
            if (command.getCommandName().equals("help")) {
                continue;
            }
            pending.addAll(command.getSubcommands().values());
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.getCommandSpec().qualifiedName(" ").split(" ")));
            args.remove(0);
            args.add("--help");
            CommandLine root = UrbanFlowCommand.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            root.setOut(new PrintWriter(out));
            root.setErr(new PrintWriter(err));
            int code = root.execute(args.toArray(String[]::new));
            if (code != 0 || !out.toString().startsWith("Usage: urbanflow")) {
                failures.add(String.join(" ", args) + " -> exit " + code + ": " + err);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void version_names_the_program() {
        assertThat(new UrbanFlowCommand.Version().getVersion()[0]).startsWith("urbanflow ");
    }
}
