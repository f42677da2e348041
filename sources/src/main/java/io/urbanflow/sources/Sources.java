package io.urbanflow.sources;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.internal.FileSetSource;
import io.urbanflow.sources.text.Inputs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Opens sources by path or specification, with the formats and generators the registered domains offer: a file, a
 * gzip-compressed file (recognised by its content), a zip archive or a folder (their regular files, except names
 * starting with {@code .} or {@code _}, read in name order, each in its own format and all of one domain), or a
 * generator named by its specification, such as {@code synthetic:rome,taxis=300,days=1,seed=7}. Immutable and
 * thread-safe.
 */
public final class Sources {
    private final List<SourceFormat> formats;
    private final List<SourceGenerator> generators;

    public Sources(List<SourceFormat> formats, List<SourceGenerator> generators) {
        this.formats = List.copyOf(formats);
        this.generators = List.copyOf(generators);
    }

    public List<SourceFormat> formats() {
        return formats;
    }

    public List<SourceGenerator> generators() {
        return generators;
    }

    /** The format names, comma-separated, for messages. */
    public String formatNames() {
        return formats.stream().map(SourceFormat::name).collect(Collectors.joining(", "));
    }

    /**
     * @throws UrbanFlowException naming the known formats when {@code name} is none of them
     */
    public SourceFormat format(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (SourceFormat format : formats) {
            if (format.name().equals(wanted)) {
                return format;
            }
        }
        throw new UrbanFlowException("Cannot find format '" + name + "': known formats are " + formatNames()
                + " (or auto to detect it)");
    }

    /** Whether {@code text} names a generator rather than a path. */
    public boolean isGenerator(String text) {
        return generators.stream().anyMatch(generator -> generator.accepts(text));
    }

    /**
     * A source for a path or a generator's specification; nothing is read before {@link RecordSource#read}.
     *
     * @throws UrbanFlowException when the path does not exist, a folder has no files, the format is unknown,
     *                            {@code auto} cannot tell a file's format, or a folder mixes domains
     */
    public RecordSource open(String pathOrSpecification, SourceOptions options) {
        for (SourceGenerator generator : generators) {
            if (generator.accepts(pathOrSpecification)) {
                return generator.open(pathOrSpecification);
            }
        }
        if (pathOrSpecification.startsWith("synthetic:")) {
            throw new UrbanFlowException("Cannot open source '" + pathOrSpecification + "': no generator knows it; known: "
                    + generators.stream().map(SourceGenerator::description).collect(Collectors.joining("; ")));
        }
        return open(Path.of(pathOrSpecification), options);
    }

    /** As {@link #open(String, SourceOptions)} for a path. */
    public RecordSource open(Path path, SourceOptions options) {
        InputFiles inputs = inputs(path, options);
        if (inputs.files().size() == 1 && inputs.container().equals(inputs.files().get(0).path())) {
            return inputs.files().get(0).open(options);
        }
        return new FileSetSource(inputs, options);
    }

    /**
     * The files a path stands for, each with its format: the file itself, a folder's data files, or a zip archive's
     * entries (readable until the result is closed). A folder or archive must hold files of one domain only.
     *
     * @throws UrbanFlowException when the path does not exist or holds no files, a format is unknown or cannot be
     *                            detected, or the files mix domains
     */
    public InputFiles inputs(Path path, SourceOptions options) {
        SourceOptions effective = options == null ? SourceOptions.defaults() : options;
        if (Files.isDirectory(path)) {
            return fileSet(path, filesOf(path), effective, null);
        }
        if (!Files.exists(path)) {
            throw new UrbanFlowException("Cannot read " + path + ": no such file or directory");
        }
        if (isZip(path)) {
            FileSystem zip = openZip(path);
            try {
                List<Path> entries = new ArrayList<>();
                for (Path root : zip.getRootDirectories()) {
                    try (Stream<Path> walk = Files.walk(root)) {
                        walk.filter(Files::isRegularFile).filter(Sources::isDataFile).sorted().forEach(entries::add);
                    }
                }
                if (entries.isEmpty()) {
                    throw new UrbanFlowException("Cannot read " + path + ": the zip archive holds no files");
                }
                return fileSet(path, entries, effective, zip);
            } catch (IOException e) {
                closeQuietly(zip);
                throw new UrbanFlowException("Cannot read zip archive " + path + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                closeQuietly(zip);
                throw e;
            }
        }
        SourceFormat format = effective.autoDetect() ? detect(path, effective) : format(effective.format());
        return new InputFiles(path, List.of(new InputFile(path, format)), null);
    }

    /** A file and the format it is read in. */
    public record InputFile(Path path, SourceFormat format) {
        public RecordSource open(SourceOptions options) {
            return format.open(path, options);
        }
    }

    /**
     * The files of a path, in reading order. Closing releases a zip archive's file system; the files of a folder
     * need no closing. Not thread-safe.
     *
     * @param container the path given: the file, folder or archive
     */
    public record InputFiles(Path container, List<InputFile> files, FileSystem archive) implements AutoCloseable {
        public InputFiles {
            files = List.copyOf(files);
        }

        /** The domain of every file. */
        public String domain() {
            return files.get(0).format().domain();
        }

        @Override
        public void close() {
            if (archive != null) {
                closeQuietly(archive);
            }
        }
    }

    /**
     * The format of a file (or of a folder's first file) judged from its first lines.
     *
     * @throws UrbanFlowException when no format scores at least {@link SourceFormat#MINIMUM_DETECTION_SCORE}
     */
    public SourceFormat detect(Path path, SourceOptions options) {
        SourceOptions effective = options == null ? SourceOptions.defaults() : options;
        Path file = Files.isDirectory(path) ? filesOf(path).get(0) : path;
        if (!Files.exists(file)) {
            throw new UrbanFlowException("Cannot read " + file + ": no such file or directory");
        }
        List<String> lines = Inputs.firstLines(file, SourceFormat.DETECTION_LINES);
        if (lines.isEmpty()) {
            throw new UrbanFlowException("Cannot detect the format of " + file + ": it has no lines; pass --format");
        }
        String fileName = Inputs.baseName(file);
        SourceFormat best = null;
        int bestScore = SourceFormat.MINIMUM_DETECTION_SCORE - 1;
        for (SourceFormat format : formats) {
            int score = format.detectionScore(fileName, lines, effective);
            if (score > bestScore) {
                best = format;
                bestScore = score;
            }
        }
        if (best == null) {
            String first = lines.get(0);
            throw new UrbanFlowException("Cannot detect the format of " + file + ": first line '"
                    + (first.length() > 120 ? first.substring(0, 120) + "..." : first) + "' matches none of "
                    + formatNames() + "; pass --format");
        }
        return best;
    }

    private InputFiles fileSet(Path container, List<Path> files, SourceOptions options, FileSystem archive) {
        List<InputFile> inputs = new ArrayList<>();
        Map<String, List<String>> domains = new LinkedHashMap<>();
        for (Path file : files) {
            SourceFormat format = options.autoDetect() ? detect(file, options) : format(options.format());
            inputs.add(new InputFile(file, format));
            domains.computeIfAbsent(format.domain(), key -> new ArrayList<>()).add(file.getFileName() + " (" + format.name() + ")");
        }
        if (domains.size() > 1) {
            if (archive != null) {
                closeQuietly(archive);
            }
            throw new UrbanFlowException("Cannot read " + container + ": it mixes domains, "
                    + domains.entrySet().stream().map(entry -> entry.getKey() + ": " + String.join(", ", first(entry.getValue(), 3)))
                            .collect(Collectors.joining("; "))
                    + "; give each domain a folder of its own");
        }
        return new InputFiles(container, inputs, archive);
    }

    private static List<String> first(List<String> items, int count) {
        return items.size() <= count ? items : List.of(String.join(", ", items.subList(0, count)) + " and " + (items.size() - count) + " more");
    }

    private static List<Path> filesOf(Path directory) {
        List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(Files::isRegularFile).filter(Sources::isDataFile).sorted().toList();
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot list directory " + directory + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new UrbanFlowException("Cannot read directory " + directory + ": it holds no files");
        }
        return files;
    }

    /** Hidden files and {@code _}-prefixed ones ({@code _SUCCESS}, cabspotting's {@code _cabs.txt}) are not data. */
    private static boolean isDataFile(Path file) {
        Path name = file.getFileName();
        return name != null && !name.toString().startsWith(".") && !name.toString().startsWith("_");
    }

    private static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 'P' && in.read() == 'K' && in.read() == 3 && in.read() == 4;
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static FileSystem openZip(Path file) {
        try {
            return FileSystems.newFileSystem(URI.create("jar:" + file.toAbsolutePath().toUri()), Map.of());
        } catch (IOException | RuntimeException e) {
            throw new UrbanFlowException("Cannot read zip archive " + file + ": " + e.getMessage(), e);
        }
    }

    static void closeQuietly(FileSystem fileSystem) {
        try {
            fileSystem.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
