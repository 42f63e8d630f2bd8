package io.llmaas.gateway.metering;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.llmaas.contracts.internal.UsageBatch;

/**
 * The durable local spool of usage batches that could not be delivered: append-only files
 * ({@code spool-<sequence>.ndjson}, one batch per line), each append forced to disk before it returns, so a batch
 * handed to the spool survives a crash. {@link #replay} sends the batches in the order they were written and deletes
 * a file once every batch of it was accepted; a batch sent again after a crash is harmless, because usage-service
 * ingests idempotently by request id. A last line torn by a crash (no line end, or not JSON) is skipped. One gateway
 * process per directory: a lock file keeps a second one out.
 */
public final class UsageSpool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UsageSpool.class);
    private static final String PREFIX = "spool-";
    private static final String SUFFIX = ".ndjson";

    private final Path dir;
    private final long maxFileBytes;
    private final ObjectMapper mapper;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel writing;
    private Path writingFile;
    private long writingBytes;
    private long nextSequence;
    /** Lines of the oldest file already accepted in this process, so a partly replayed file is not resent. */
    private Path replaying;
    /** The complete lines of the file being replayed, read once: a replay that stopped resumes without reading again. */
    private List<String> replayingLines;
    private int replayedLines;
    private long skippedLines;

    public UsageSpool(Path dir, long maxFileBytes, ObjectMapper mapper) {
        this.dir = dir;
        this.maxFileBytes = maxFileBytes;
        this.mapper = mapper;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock acquired;
            try {
                acquired = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                acquired = null;
            }
            if (acquired == null) {
                lockChannel.close();
                throw new IllegalStateException("The usage spool " + dir + " is used by another gateway process: "
                        + "give each gateway a gateway.metering.spool-dir of its own");
            }
            lock = acquired;
            nextSequence = files().stream().mapToLong(UsageSpool::sequenceOf).max().orElse(0) + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the usage spool " + dir, e);
        }
    }

    /** Appends {@code batch} as one line and forces it to disk. */
    public synchronized void append(SerializedBatch batch) {
        try {
            ByteBuffer line = ByteBuffer.allocate(batch.length() + 1).put(batch.json(), 0, batch.length())
                    .put((byte) '\n').flip();
            if (writing == null) {
                Path file = dir.resolve(String.format("%s%020d%s", PREFIX, nextSequence++, SUFFIX));
                writing = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
                writingFile = file;
                writingBytes = 0;
            }
            while (line.hasRemaining()) {
                writing.write(line);
            }
            writing.force(true);
            writingBytes += batch.length() + 1;
            if (writingBytes >= maxFileBytes) {
                closeWriting();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to the usage spool " + dir, e);
        }
    }

    /**
     * Offers the spooled batches to {@code send} in order until it refuses one (returns false), which stays first.
     *
     * @return the number of batches {@code send} accepted
     */
    public synchronized int replay(Predicate<SerializedBatch> send) {
        int accepted = 0;
        try {
            for (Path file : files()) {
                if (file.equals(writingFile)) {
                    // Replay reached the file being written: it is closed, later batches start a new one.
                    closeWriting();
                }
                if (!file.equals(replaying)) {
                    replaying = file;
                    replayingLines = completeLines(file);
                    replayedLines = 0;
                }
                List<String> lines = replayingLines;
                for (int i = replayedLines; i < lines.size(); i++) {
                    SerializedBatch batch = parse(lines.get(i), file);
                    if (batch != null && !send.test(batch)) {
                        replayedLines = i;
                        return accepted;
                    }
                    if (batch != null) {
                        accepted++;
                    }
                }
                Files.deleteIfExists(file);
                replaying = null;
                replayingLines = null;
                replayedLines = 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the usage spool " + dir, e);
        }
        return accepted;
    }

    public synchronized boolean isEmpty() {
        return writing == null && files().isEmpty();
    }

    /** Files in the spool, the one being written included. */
    public synchronized int fileCount() {
        return files().size();
    }

    public synchronized long bytes() {
        long total = 0;
        for (Path file : files()) {
            try {
                total += Files.size(file);
            } catch (IOException e) {
                // deleted meanwhile
            }
        }
        return total;
    }

    /** Lines skipped because they were torn or not a batch. */
    public synchronized long skippedLines() {
        return skippedLines;
    }

    @Override
    public synchronized void close() {
        try {
            closeWriting();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warnf("Closing the usage spool %s: %s", dir, e.getMessage());
        }
    }

    private void closeWriting() {
        if (writing != null) {
            try {
                writing.close();
            } catch (IOException e) {
                LOG.warnf("Closing a usage spool file: %s", e.getMessage());
            }
            writing = null;
            writingFile = null;
        }
    }

    /** The line as it was written, once it reads as a usage batch. */
    private SerializedBatch parse(String line, Path file) {
        try {
            UsageBatch batch = mapper.readValue(line, UsageBatch.class);
            if (batch.events() == null) {
                throw new IOException("no events");
            }
            return new SerializedBatch(line.getBytes(StandardCharsets.UTF_8), batch.events().size());
        } catch (IOException e) {
            skippedLines++;
            LOG.warnf("Skipping a line of %s that is not a usage batch (torn by a crash?)", file.getFileName());
            return null;
        }
    }

    /** The lines of {@code file} that end with a line break; a torn last line is left out. */
    private List<String> completeLines(Path file) throws IOException {
        String text = Files.readString(file);
        List<String> lines = new ArrayList<>();
        int start = 0;
        int end;
        while ((end = text.indexOf('\n', start)) >= 0) {
            if (end > start) {
                lines.add(text.substring(start, end));
            }
            start = end + 1;
        }
        if (start < text.length()) {
            skippedLines++;
            LOG.warnf("Skipping the torn last line of %s (written when the gateway stopped?)", file.getFileName());
        }
        return lines;
    }

    private List<Path> files() {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(path -> {
                String name = path.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the usage spool " + dir, e);
        }
    }

    private static long sequenceOf(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
