package io.urbanflow.query;

import io.urbanflow.lake.Lake;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.internal.SqlLexer;
import io.urbanflow.query.internal.SqlLexer.Kind;
import io.urbanflow.query.internal.SqlLexer.Token;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The interactive SQL shell of {@code urbanflow sql}: line editing and history (JLine), statements that run over
 * several lines until a {@code ;}, dot commands ({@code .tables}, {@code .format csv}, {@code .help},
 * {@code .quit}), errors shown as one line while the shell goes on, and Ctrl-C cancelling a running statement. Without a terminal it runs a script
 * (the statements read from standard input) and stops at the first error. Not thread-safe: one user at a time.
 */
public final class SqlShell {
    private static final String PROMPT = "urbanflow> ";
    private static final String CONTINUATION = "       ..> ";

    private final Lake lake;
    private final DuckDbQueryEngine engine;
    private final SnapshotSelector at;
    private QueryResultFormat format;

    /**
     * @param lake   the lake, for {@code .tables}
     * @param engine runs the statements (guarded, read-only)
     * @param at     the snapshots every statement reads
     * @param format how results print; {@code .format} changes it
     */
    public SqlShell(Lake lake, DuckDbQueryEngine engine, SnapshotSelector at, QueryResultFormat format) {
        this.lake = lake;
        this.engine = engine;
        this.at = at;
        this.format = format;
    }

    /**
     * Reads and runs statements from the terminal until {@code .quit} or Ctrl-D. Ctrl-C drops the statement being
     * typed. History is kept in {@code historyFile} (created when missing).
     */
    public void run(Terminal terminal, Path historyFile) {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("urbanflow")
                .parser(new StatementParser())
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.HISTORY_SIZE, 1_000)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                .build();
        PrintWriter out = terminal.writer();
        out.println("UrbanFlow SQL over the lake (DuckDB, read-only" + (at.isCurrent() ? "" : ", " + at) + ").");
        out.println("Tables: " + String.join(", ", engine.tables()) + ". End statements with ';'. "
                + ".help for help, .quit or Ctrl-D to leave.");
        out.flush();
        while (true) {
            String input;
            try {
                input = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            // Ctrl-C while a statement runs cancels it, not the shell (JLine handles it while reading)
            Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> engine.cancelRunningQueries());
            boolean goOn;
            try {
                goOn = execute(input, out, out);
            } finally {
                terminal.handle(Terminal.Signal.INT, previous);
            }
            if (!goOn) {
                break;
            }
            out.flush();
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            out.println("(could not save the history to " + historyFile + ": " + e.getMessage() + ")");
        }
        out.flush();
    }

    /**
     * Runs each statement of a script in turn; stops at the first that fails.
     *
     * @return true when every statement ran
     */
    public boolean runScript(String script, PrintWriter out, PrintWriter err) {
        for (String statement : statements(script)) {
            if (!executeOrFail(statement, out, err)) {
                return false;
            }
        }
        return true;
    }

    /** Runs one input; returns false when the shell should end. */
    private boolean execute(String input, PrintWriter out, PrintWriter err) {
        String text = input.strip();
        if (text.isEmpty()) {
            return true;
        }
        if (text.startsWith(".")) {
            return dotCommand(text, out, err);
        }
        for (String statement : statements(text)) {
            executeOrFail(statement, out, err);
        }
        return true;
    }

    private boolean executeOrFail(String statement, PrintWriter out, PrintWriter err) {
        try {
            QueryResult result = engine.query(statement, at);
            format.write(result, out);
            out.flush();
            return true;
        } catch (UrbanFlowException e) {
            err.println(e.getMessage());
        } catch (IOException | RuntimeException e) {
            err.println("unexpected error: " + e);
        }
        err.flush();
        return false;
    }

    private boolean dotCommand(String text, PrintWriter out, PrintWriter err) {
        String[] words = text.split("\\s+");
        switch (words[0].toLowerCase(Locale.ROOT)) {
            case ".quit":
            case ".exit":
            case ".q":
                return false;
            case ".tables":
                try {
                    QueryResultFormat.TABLE.write(LakeTableSummary.asResult(LakeTableSummary.of(lake)), out);
                } catch (IOException | RuntimeException e) {
                    err.println("Cannot list tables: " + e.getMessage());
                }
                return true;
            case ".format":
            case ".mode":
                if (words.length == 2) {
                    try {
                        format = QueryResultFormat.valueOf(words[1].toUpperCase(Locale.ROOT));
                        out.println("Results print as " + format.name().toLowerCase(Locale.ROOT) + ".");
                        return true;
                    } catch (IllegalArgumentException e) {
                        // falls through to the usage line
                    }
                }
                err.println("Usage: .format table|csv|json");
                return true;
            case ".help":
                out.println("End a statement with ';' (it may span lines). Only queries run: SELECT, WITH, VALUES, FROM,");
                out.println("EXPLAIN, DESCRIBE, SHOW, SUMMARIZE. Lake tables are named namespace.table, e.g. raw.gps_points.");
                out.println(".tables           list the lake's tables with rows, files, bytes, last snapshot");
                out.println(".format FORMAT    print results as table, csv or json");
                out.println(".quit             leave (or Ctrl-D); Ctrl-C drops the statement being typed");
                return true;
            default:
                err.println("Unknown command " + words[0] + " (try .help)");
                return true;
        }
    }

    /** The statements of a script, split at semicolons outside strings and comments; blank ones dropped. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(script);
        } catch (SqlLexer.UnterminatedException e) {
            return script.isBlank() ? List.of() : List.of(script.strip()); // the engine reports the error
        }
        int start = 0;
        boolean empty = true;
        for (Token token : tokens) {
            if (token.kind() == Kind.SEMICOLON) {
                if (!empty) {
                    statements.add(script.substring(start, token.start()).strip());
                }
                start = token.start() + 1;
                empty = true;
            } else {
                empty = false;
            }
        }
        if (!empty) {
            statements.add(script.substring(start).strip());
        }
        return statements;
    }

    /** True when the text is a dot command, blank, or ends with a semicolon outside strings and comments. */
    static boolean isComplete(String text) {
        String stripped = text.strip();
        if (stripped.isEmpty() || stripped.startsWith(".")) {
            return true;
        }
        try {
            List<Token> tokens = SqlLexer.tokenize(stripped);
            return tokens.isEmpty() || tokens.get(tokens.size() - 1).kind() == Kind.SEMICOLON;
        } catch (SqlLexer.UnterminatedException e) {
            return false;
        }
    }

    /** Asks JLine for another line until the statement is complete, so one statement is one history entry. */
    private static final class StatementParser extends DefaultParser {
        StatementParser() {
            // quotes and escapes are SQL's, not a shell's: the lexer judges completeness
            quoteChars(new char[0]);
            escapeChars(new char[0]);
        }

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !isComplete(line)) {
                throw new EOFError(-1, -1, "the statement goes on until ';'");
            }
            return super.parse(line, cursor, context);
        }
    }
}
