package io.urbanflow.lake.internal;

import java.io.IOException;
import java.io.OutputStream;
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
 * Files are not synced to disk on close (a process crash keeps them; a machine crash may not). Thread-safe.
 */
public final class LocalFileIO implements FileIO, SupportsPrefixOperations {
    private static final long serialVersionUID = 1L;
    private static final int BUFFER_BYTES = 256 * 1024;

    /** For {@code io-impl}; {@link #initialize} needs no properties. */
    public LocalFileIO() {
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
        return new LocalOutputFile(location);
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
        return Map.of();
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

        LocalOutputFile(String location) {
            this.location = location;
            this.path = Storage.localPath(location);
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
                return new LocalPositionOutputStream(Files.newOutputStream(path, all.withWrite()));
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

    /** Buffered, counting its position. */
    private static final class LocalPositionOutputStream extends PositionOutputStream {
        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int buffered;
        private long flushed;

        LocalPositionOutputStream(OutputStream out) {
            this.out = out;
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
                out.write(bytes, offset, length);
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
                out.write(buffer, 0, buffered);
                flushed += buffered;
                buffered = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            flushBuffer();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            flushBuffer();
            out.close();
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
