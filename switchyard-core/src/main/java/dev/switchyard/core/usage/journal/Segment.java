package dev.switchyard.core.usage.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One journal file, memory-mapped: a fixed size, preallocated with zeros so that a write into the mapping never
 * meets a full disk (a hole in a sparse file would), then filled with frames from the start. Writers copy whole frames
 * into the mapping under the journal's lock and then publish the new end; the drain reads up to the published end.
 * A copy into the mapping is in the operating system's page cache as soon as it returns, so it survives the death of
 * the process; only {@link #force} makes it survive a power loss.
 *
 * <p>{@link #delete} unmaps the file at once ({@link Mapping}): its pages would otherwise stay in the process's resident
 * set until a collection frees the buffer. Nothing touches the mapping afterwards: the drain deletes only segments it
 * has read to their end and never the active one, and the sync thread's {@link #force} and the drain's {@link #view}
 * check, under this segment's monitor, that it is still mapped.
 */
final class Segment {

    private static final Pattern NAME = Pattern.compile("ledger-(\\d{12})\\.journal");
    private static final int ZEROS = 1 << 20;
    private static final int PAGE = 4096;

    private final long seq;
    private final Path path;
    private final Mapping mapping;
    private final MappedByteBuffer map;
    private final int capacity;
    /** The end of the data: written under the journal's lock, read by the drain and the sync thread. */
    private volatile int published;
    private volatile boolean sealed;
    private int forced;
    /** The mapping is gone ({@link #delete}). Under this segment's monitor. */
    private boolean unmapped;

    private Segment(long seq, Path path, Mapping mapping, int published, boolean sealed) {
        this.seq = seq;
        this.path = path;
        this.mapping = mapping;
        this.map = mapping.buffer();
        this.capacity = map.capacity();
        this.published = published;
        this.sealed = sealed;
        this.forced = published;
    }

    static Path pathOf(Path dir, long seq) {
        return dir.resolve(String.format("ledger-%012d.journal", seq));
    }

    /** The sequence number in a journal file's name, if it is one. */
    static Optional<Long> seqOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** Creates, preallocates and maps a new segment (blocking: only off the event loop). */
    static Segment create(Path dir, long seq, int bytes) {
        Path path = pathOf(dir, seq);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(Math.min(ZEROS, bytes));
            long written = 0;
            while (written < bytes) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - written));
                written += ch.write(zeros, written);
            }
            // no fsync here: writing the zeros reserves the blocks (a full disk fails this write, not a later copy
            // into the mapping), and the sync thread's msync makes the entries durable
            Mapping mapping = Mapping.map(ch, bytes);
            MappedByteBuffer map = mapping.buffer();
            for (int p = 0; p < bytes; p += PAGE) {
                map.put(p, (byte) 0); // take each page's write fault here, not on the event loop's first copy
            }
            return new Segment(seq, path, mapping, 0, false);
        } catch (IOException e) {
            throw new UncheckedIOException("journal: cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    /** Maps a segment left by an earlier run, sealed: it is only read. */
    static Segment openSealed(Path path, long seq) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException("larger than 2 GiB");
            }
            return new Segment(seq, path, Mapping.map(ch, size), (int) size, true);
        } catch (IOException e) {
            throw new UncheckedIOException("journal: cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    long seq() {
        return seq;
    }

    Path path() {
        return path;
    }

    int capacity() {
        return capacity;
    }

    /** The end of the data written so far (for a segment of an earlier run: its whole size). */
    int published() {
        return published;
    }

    boolean sealed() {
        return sealed;
    }

    /** Whether a frame of this many bytes still fits. Under the journal's lock. */
    boolean fits(int frameBytes) {
        return published + frameBytes <= capacity;
    }

    /** Copies a frame, {@code frame[0, length)}, in at the end and publishes it. Under the journal's lock. */
    void put(byte[] frame, int length) {
        int at = published;
        map.put(at, frame, 0, length);
        published = at + length;
    }

    /** No more frames will be added. Under the journal's lock. */
    void seal() {
        sealed = true;
    }

    /** A read-only view for the drain, which must not use it once it has deleted the segment. */
    synchronized ByteBuffer view() {
        if (unmapped) {
            throw new IllegalStateException("journal: " + this + " is deleted");
        }
        return map.asReadOnlyBuffer();
    }

    /** Flushes what was published since the last call to the device (nothing once deleted). */
    synchronized void force() {
        if (unmapped) {
            return;
        }
        int end = published;
        if (end > forced) {
            map.force(forced, end - forced);
            forced = end;
        }
    }

    /** Unmaps the file, which stays on disk; nothing may read or write the segment afterwards. */
    synchronized void unmap() {
        if (!unmapped) {
            unmapped = true;
            mapping.unmap();
        }
    }

    /** Unmaps and deletes the file. */
    void delete() {
        unmap();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("journal: cannot delete " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
