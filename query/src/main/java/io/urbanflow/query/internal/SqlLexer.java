package io.urbanflow.query.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into the tokens the read-only guard reasons about: words, quoted identifiers, string literals,
 * numbers, symbols and semicolons. Comments ({@code --}, nested {@code /* *}{@code /}) and whitespace are dropped.
 * String literals follow DuckDB: {@code '...'} with {@code ''}, {@code E'...'} with backslash escapes and
 * dollar-quoted {@code $tag$...$tag$}; identifiers {@code "..."} with {@code ""}. Stateless and thread-safe.
 */
public final class SqlLexer {
    /** What a token is. */
    public enum Kind { WORD, QUOTED_IDENTIFIER, STRING, NUMBER, SYMBOL, SEMICOLON }

    /**
     * One token.
     *
     * @param kind  what it is
     * @param text  a word upper-cased; a string or quoted identifier unquoted; a symbol as written
     * @param start offset of its first character in the SQL text
     */
    public record Token(Kind kind, String text, int start) {
        public boolean isWord(String upperCase) {
            return kind == Kind.WORD && text.equals(upperCase);
        }

        public boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    /** The text cannot be tokenised: an unterminated string, identifier or comment. */
    public static final class UnterminatedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnterminatedException(String message) {
            super(message);
        }
    }

    private SqlLexer() {
    }

    public static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int length = sql.length();
        int position = 0;
        while (position < length) {
            char c = sql.charAt(position);
            if (Character.isWhitespace(c)) {
                position++;
            } else if (c == '-' && position + 1 < length && sql.charAt(position + 1) == '-') {
                int end = sql.indexOf('\n', position);
                position = end < 0 ? length : end + 1;
            } else if (c == '/' && position + 1 < length && sql.charAt(position + 1) == '*') {
                position = skipBlockComment(sql, position);
            } else if (c == '\'') {
                position = quoted(sql, position, '\'', false, Kind.STRING, tokens);
            } else if ((c == 'e' || c == 'E') && position + 1 < length && sql.charAt(position + 1) == '\'') {
                position = quoted(sql, position + 1, '\'', true, Kind.STRING, tokens);
            } else if (c == '"') {
                position = quoted(sql, position, '"', false, Kind.QUOTED_IDENTIFIER, tokens);
            } else if (c == '$' && dollarTagEnd(sql, position) > 0) {
                int tagEnd = dollarTagEnd(sql, position);
                String tag = sql.substring(position, tagEnd + 1);
                int close = sql.indexOf(tag, tagEnd + 1);
                if (close < 0) {
                    throw new UnterminatedException("unterminated dollar-quoted string");
                }
                tokens.add(new Token(Kind.STRING, sql.substring(tagEnd + 1, close), position));
                position = close + tag.length();
            } else if (Character.isLetter(c) || c == '_') {
                int end = position + 1;
                while (end < length && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
                    end++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(position, end).toUpperCase(Locale.ROOT), position));
                position = end;
            } else if (Character.isDigit(c)) {
                int end = position + 1;
                while (end < length && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.' || sql.charAt(end) == '_')) {
                    end++;
                }
                tokens.add(new Token(Kind.NUMBER, sql.substring(position, end), position));
                position = end;
            } else if (c == ';') {
                tokens.add(new Token(Kind.SEMICOLON, ";", position));
                position++;
            } else {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), position));
                position++;
            }
        }
        return tokens;
    }

    private static int skipBlockComment(String sql, int start) {
        int depth = 0;
        int position = start;
        while (position < sql.length() - 1) {
            if (sql.charAt(position) == '/' && sql.charAt(position + 1) == '*') {
                depth++;
                position += 2;
            } else if (sql.charAt(position) == '*' && sql.charAt(position + 1) == '/') {
                depth--;
                position += 2;
                if (depth == 0) {
                    return position;
                }
            } else {
                position++;
            }
        }
        throw new UnterminatedException("unterminated comment");
    }

    private static int quoted(String sql, int open, char quote, boolean backslashEscapes, Kind kind, List<Token> tokens) {
        StringBuilder text = new StringBuilder();
        int position = open + 1;
        while (position < sql.length()) {
            char c = sql.charAt(position);
            if (backslashEscapes && c == '\\' && position + 1 < sql.length()) {
                text.append(sql.charAt(position + 1));
                position += 2;
            } else if (c == quote) {
                if (position + 1 < sql.length() && sql.charAt(position + 1) == quote) {
                    text.append(quote);
                    position += 2;
                } else {
                    tokens.add(new Token(kind, text.toString(), open));
                    return position + 1;
                }
            } else {
                text.append(c);
                position++;
            }
        }
        throw new UnterminatedException(kind == Kind.STRING ? "unterminated string" : "unterminated quoted identifier");
    }

    /** The offset of the closing {@code $} of a dollar-quote tag starting at {@code start}, or -1 if none starts there. */
    private static int dollarTagEnd(String sql, int start) {
        int position = start + 1;
        while (position < sql.length()) {
            char c = sql.charAt(position);
            if (c == '$') {
                return position;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_') || (position == start + 1 && Character.isDigit(c))) {
                return -1;
            }
            position++;
        }
        return -1;
    }
}
