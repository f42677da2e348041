package io.urbanflow.lake.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Table files on the local file system through {@code java.nio}: no Hadoop FileSystem, so none of its service
 * loading, user-group lookups or {@code .crc} side files. Locations are absolute paths or {@code file:} URIs.
 *
 * <p><b>Durability.</b> With {@value #FSYNC_PROPERTY} {@code true} (the default) closing an output stream flushes the
 * file and syncs its contents ({@code fdatasync}); its directory entry is synced before any commit can reference it:
 * every Iceberg commit writes a new {@code *.metadata.json} through here last, just before the catalog commit, so
 * closing one syncs the directories of all files written since (and, once per process, the entries of the
 * directories above them). Data files, manifests, manifest lists and table metadata alike are thus on disk, under
 * their names, before the commit that references them. With {@code false} files are left to the operating system's
 * page cache: a process crash keeps them, a power cut may not. Thread-safe.
 */
public final class LocalFileIO implements FileIO, SupportsPrefixOperations {
    /** FileIO property: {@code true} to fsync every file written (and its directory entries) on close. */
    public static final String FSYNC_PROPERTY = "urbanflow.fsync";
    private static final long serialVersionUID = 1L;
    private static final int BUFFER_BYTES = 256 * 1024;

    /**
     * Directories whose own entry (in their parent) this process made durable, with their file key (inode): a
     * directory deleted and created again under the same name is synced again.
     */
    private static final Map<Path, Object> DURABLE_DIRECTORIES = new java.util.concurrent.ConcurrentHashMap<>();

    /** fsyncs of files and directories done by this process: for tests and benchmarks. */
    private static final java.util.concurrent.atomic.LongAdder SYNCS = new java.util.concurrent.atomic.LongAdder();

    private volatile boolean fsync = true;

    /** For {@code io-impl}; {@link #initialize} reads {@value #FSYNC_PROPERTY} (default {@code true}). */
    public LocalFileIO() {
    }

    @Override
    public void initialize(Map<String, String> properties) {
        fsync = !"false".equalsIgnoreCase(properties.getOrDefault(FSYNC_PROPERTY, "true").trim());
    }

    /** Whether written files are fsynced on close. */
    public boolean syncs() {
        return fsync;
    }

    @Override
    public InputFile newInputFile(String location) {
        return new LocalInputFile(location, -1);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
        return new LocalInputFile(location, length);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        return new LocalOutputFile(location, fsync ? this : null);
    }

    @Override
    public void deleteFile(String location) {
        try {
            Files.deleteIfExists(Storage.localPath(location));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + location, e);
        }
    }

    @Override
    public Map<String, String> properties() {
        return Map.of(FSYNC_PROPERTY, Boolean.toString(fsync));
    }

    /** Directories with entries not yet synced: files closed since the last table metadata file. */
    private final java.util.Set<Path> unsyncedDirectories = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A synced file was closed: a table metadata file (written last before every catalog commit) has its entry and
     * those of every file closed before it synced now; any other file's directory waits for that moment.
     */
    void closed(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(".metadata.json")) {
            unsyncedDirectories.add(file.getParent());
            return;
        }
        syncDirectories(file.getParent());
        for (java.util.Iterator<Path> iterator = unsyncedDirectories.iterator(); iterator.hasNext(); ) {
            Path directory = iterator.next();
            iterator.remove();
            if (!directory.equals(file.getParent()) && Files.isDirectory(directory)) {
                syncDirectories(directory);
            }
        }
    }

    /** How many files and directories this process has fsynced so far. */
    public static long syncCount() {
        return SYNCS.sum();
    }

    /** Forces the file's contents to disk, then its entry and its directories' ({@link #syncDirectories}). */
    public static void syncFileAndEntries(Path file) throws IOException {
        syncFile(file);
        syncDirectories(file.getParent());
    }

    /** Forces the file's contents (and the metadata needed to read them, as {@code fdatasync}) to disk. */
    public static void syncFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(false);
        }
        SYNCS.increment();
    }

    /**
     * Forces a directory's entries to disk (a file created or renamed in it). Where the platform cannot open a
     * directory (Windows), this does nothing: there, creating a file is made durable by the file system itself.
     */
    public static void syncDirectory(Path directory) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(directory, StandardOpenOption.READ);
        } catch (java.nio.file.AccessDeniedException | UnsupportedOperationException e) {
            return;
        }
        try (channel) {
            channel.force(true);
            SYNCS.increment();
        } catch (IOException e) {
            if (!java.io.File.separator.equals("/")) {
                return; // not a POSIX platform: directories cannot be synced this way
            }
            throw e;
        }
    }

    /**
     * Makes the entries of {@code directory} durable, and the entries of the directories above it up to the first
     * one this process already made durable (each directory is done once per process: a directory created by another
     * process is synced here too before a commit of this process can depend on it).
     */
    static void syncDirectories(Path directory) throws IOException {
        syncDirectory(directory);
        for (Path dir = directory; dir != null && dir.getParent() != null; dir = dir.getParent()) {
            Object key = Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            if (key != null && key.equals(DURABLE_DIRECTORIES.get(dir))) {
                return;
            }
            syncDirectory(dir.getParent());
            if (DURABLE_DIRECTORIES.size() > 100_000) {
                DURABLE_DIRECTORIES.clear();
            }
            if (key != null) {
                DURABLE_DIRECTORIES.put(dir, key);
            }
        }
    }

    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
        Path root = Storage.localPath(prefix);
        if (!Files.exists(root)) {
            return List.of();
        }
        List<FileInfo> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(Files::isRegularFile).forEach(path -> {
                try {
                    files.add(new FileInfo(path.toString(), Files.size(path), Files.getLastModifiedTime(path).toMillis()));
                } catch (IOException e) {
                    // deleted while listing
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + prefix, e);
        }
        return files;
    }

    @Override
    public void deletePrefix(String prefix) {
        Path root = Storage.localPath(prefix);
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + prefix, e);
        }
    }

    private static final class LocalInputFile implements InputFile {
        private final String location;
        private final Path path;
        private long length;

        LocalInputFile(String location, long length) {
            this.location = location;
            this.path = Storage.localPath(location);
            this.length = length;
        }

        @Override
        public long getLength() {
            if (length < 0) {
                try {
                    length = Files.size(path);
                } catch (NoSuchFileException e) {
                    throw new NotFoundException(e, "File does not exist: %s", location);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read the length of " + location, e);
                }
            }
            return length;
        }

        @Override
        public SeekableInputStream newStream() {
            try {
                return new LocalSeekableInputStream(FileChannel.open(path, StandardOpenOption.READ));
            } catch (NoSuchFileException e) {
                throw new NotFoundException(e, "File does not exist: %s", location);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open " + location, e);
            }
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public boolean exists() {
            return Files.exists(path);
        }
    }

    private static final class LocalOutputFile implements OutputFile {
        private final String location;
        private final Path path;
        private final LocalFileIO syncing;

        LocalOutputFile(String location, LocalFileIO syncing) {
            this.location = location;
            this.path = Storage.localPath(location);
            this.syncing = syncing;
        }

        @Override
        public PositionOutputStream create() {
            return open(StandardOpenOption.CREATE_NEW);
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
            return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        private PositionOutputStream open(StandardOpenOption... options) {
            try {
                Files.createDirectories(path.getParent());
                OpenOptions all = new OpenOptions(options);
                return new LocalPositionOutputStream(FileChannel.open(path, all.withWrite()), path, syncing);
            } catch (FileAlreadyExistsException e) {
                throw new AlreadyExistsException(e, "File already exists: %s", location);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create " + location, e);
            }
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public InputFile toInputFile() {
            return new LocalInputFile(location, -1);
        }
    }

    private record OpenOptions(StandardOpenOption[] options) {
        StandardOpenOption[] withWrite() {
            StandardOpenOption[] all = java.util.Arrays.copyOf(options, options.length + 1);
            all[options.length] = StandardOpenOption.WRITE;
            return all;
        }
    }

    /**
     * Buffered, counting its position. With a {@code syncing} FileIO, {@link #close()} syncs the file's contents and
     * leaves its directory to the next table metadata file's close, or, for a metadata file, syncs every directory
     * with new entries ({@code closed}) before it returns.
     */
    private static final class LocalPositionOutputStream extends PositionOutputStream {
        private final FileChannel channel;
        private final Path path;
        private final LocalFileIO syncing;
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int buffered;
        private long flushed;
        private boolean closed;

        LocalPositionOutputStream(FileChannel channel, Path path, LocalFileIO syncing) {
            this.channel = channel;
            this.path = path;
            this.syncing = syncing;
        }

        @Override
        public long getPos() {
            return flushed + buffered;
        }

        @Override
        public void write(int b) throws IOException {
            if (buffered == buffer.length) {
                flushBuffer();
            }
            buffer[buffered++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length >= buffer.length) {
                flushBuffer();
                writeFully(ByteBuffer.wrap(bytes, offset, length));
                flushed += length;
                return;
            }
            if (length > buffer.length - buffered) {
                flushBuffer();
            }
            System.arraycopy(bytes, offset, buffer, buffered, length);
            buffered += length;
        }

        private void flushBuffer() throws IOException {
            if (buffered > 0) {
                writeFully(ByteBuffer.wrap(buffer, 0, buffered));
                flushed += buffered;
                buffered = 0;
            }
        }

        private void writeFully(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }

        @Override
        public void flush() throws IOException {
            flushBuffer();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (channel) {
                flushBuffer();
                if (syncing != null) {
                    channel.force(false);
                    SYNCS.increment();
                }
            }
            if (syncing != null) {
                syncing.closed(path);
            }
        }
    }

    private static final class LocalSeekableInputStream extends SeekableInputStream {
        private final FileChannel channel;
        private final ByteBuffer single = ByteBuffer.allocate(1);

        LocalSeekableInputStream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long getPos() throws IOException {
            return channel.position();
        }

        @Override
        public void seek(long position) throws IOException {
            channel.position(position);
        }

        @Override
        public int read() throws IOException {
            single.clear();
            int read = channel.read(single);
            return read <= 0 ? -1 : single.get(0) & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            return channel.read(ByteBuffer.wrap(bytes, offset, length));
        }

        @Override
        public long skip(long count) throws IOException {
            long position = channel.position();
            long target = Math.min(channel.size(), position + Math.max(0, count));
            channel.position(target);
            return target - position;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, channel.size() - channel.position()));
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
