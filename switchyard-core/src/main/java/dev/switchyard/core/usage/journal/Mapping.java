package dev.switchyard.core.usage.journal;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A segment file mapped into memory, which can be unmapped at once rather than whenever the garbage collector frees its
 * buffer.
 *
 * <h2>Why</h2>
 *
 * A mapped page counts in the process's resident set for as long as its mapping exists, even after the file is
 * deleted, and a {@link MappedByteBuffer} from {@link FileChannel#map(FileChannel.MapMode, long, long)} is unmapped
 * only when a collection frees it. A segment lives a few seconds under load, long enough for its buffer to reach the
 * old generation, which the serial collector visits rarely: the gateway's resident set grew by hundreds of MiB of
 * deleted segments' pages and fell at once after a full collection (docs/benchmarks.md, "Ledger write-ahead journal").
 *
 * <h2>How</h2>
 *
 * The foreign-memory API maps a file into a {@code MemorySegment} owned by a shared {@code Arena}; closing the arena
 * unmaps it, and any later access through the segment's buffer, or a view of it, throws
 * {@link IllegalStateException} instead of touching unmapped memory. That API is final from Java 22 and a preview in
 * Java 21, which the code is compiled for, so it is called through method handles, on a runtime of 22 or later; on
 * Java 21 (or if the handles cannot be found) the file is mapped the classic way and unmapped by the collector, as
 * before. {@code sun.misc.Unsafe.invokeCleaner} would also unmap, but it is deprecated for removal and prints a
 * warning on its first use from Java 24.
 *
 * <p>Closing a shared arena is a handshake with every thread (each checks, at its next safepoint poll, that it is not
 * inside an access to the mapping): about 40 µs on an idle machine, milliseconds when a busy thread is descheduled,
 * spent by the drain, which deletes segments, once per segment; the other threads only answer the handshake.
 */
final class Mapping {

    private static final Logger LOG = LoggerFactory.getLogger(Mapping.class);
    private static final Optional<Ffm> FFM = Ffm.find();

    private final MappedByteBuffer buffer;
    /** The {@code java.lang.foreign.Arena} that owns the mapping; empty when the collector unmaps it. */
    private final Optional<Object> arena;

    private Mapping(MappedByteBuffer buffer, Optional<Object> arena) {
        this.buffer = buffer;
        this.arena = arena;
    }

    /** Maps {@code size} bytes of the file from its start, read and write. */
    static Mapping map(FileChannel channel, long size) throws IOException {
        if (FFM.isPresent()) {
            Object arena = FFM.get().newArena();
            try {
                return new Mapping(FFM.get().map(channel, size, arena), Optional.of(arena));
            } catch (IOException | RuntimeException e) {
                FFM.get().close(arena);
                throw e;
            }
        }
        return new Mapping(channel.map(FileChannel.MapMode.READ_WRITE, 0, size), Optional.empty());
    }

    MappedByteBuffer buffer() {
        return buffer;
    }

    /**
     * Unmaps now, or leaves it to the collector on a runtime without the foreign-memory API. Once only. A mapping of
     * the foreign-memory API is not freed by the collector: every segment is unmapped when deleted or when the
     * journal closes.
     */
    void unmap() {
        arena.ifPresent(a -> FFM.orElseThrow().close(a));
    }

    /** Method handles into the foreign-memory API (java.lang.foreign, final since Java 22). */
    private record Ffm(MethodHandle ofShared, MethodHandle map, MethodHandle asByteBuffer, MethodHandle close) {

        static Optional<Ffm> find() {
            if (Runtime.version().feature() < 22) {
                LOG.debug("ledger journal: Java {} maps segments the classic way", Runtime.version().feature());
                return Optional.empty();
            }
            try {
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                return Optional.of(new Ffm(
                        lookup.findStatic(arena, "ofShared", MethodType.methodType(arena)),
                        lookup.findVirtual(FileChannel.class, "map", MethodType.methodType(segment,
                                FileChannel.MapMode.class, long.class, long.class, arena)),
                        lookup.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class)),
                        lookup.findVirtual(arena, "close", MethodType.methodType(void.class))));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.info("ledger journal: released segments are unmapped by the garbage collector ({})", e.toString());
                return Optional.empty();
            }
        }

        Object newArena() {
            try {
                return ofShared.invoke();
            } catch (Throwable e) {
                throw new IllegalStateException("ledger journal: cannot create an arena: " + e, e);
            }
        }

        MappedByteBuffer map(FileChannel channel, long size, Object arena) throws IOException {
            try {
                Object segment = map.invoke(channel, FileChannel.MapMode.READ_WRITE, 0L, size, arena);
                return (MappedByteBuffer) asByteBuffer.invoke(segment);
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        void close(Object arena) {
            try {
                close.invoke(arena);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
