package io.lodestone.client.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded set of open file channels, least recently used closed first. A channel in use by a
 * read or write is never closed under it: users acquire and release, and eviction skips channels
 * that are held (the cache may then briefly hold more than its capacity).
 */
final class FileHandles implements AutoCloseable {

    private static final class Handle {
        final FileChannel channel;
        int users;

        Handle(FileChannel channel) {
            this.channel = channel;
        }
    }

    private final List<StoredFile> files;
    private final int capacity;
    private final Map<Integer, Handle> open = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    FileHandles(List<StoredFile> files, int capacity) {
        this.files = files;
        this.capacity = capacity;
    }

    /** The channel of file {@code index}, opened (and created if it vanished) as needed; release it after use. */
    synchronized FileChannel acquire(int index) throws IOException {
        if (closed) {
            throw new IOException("the piece store is closed");
        }
        Handle h = open.get(index);
        if (h == null) {
            h = new Handle(openChannel(files.get(index)));
            open.put(index, h);
            evict();
        }
        h.users++;
        return h.channel;
    }

    synchronized void release(int index) {
        Handle h = open.get(index);
        if (h != null) {
            h.users--;
            if (closed && h.users == 0) {
                closeQuietly(h.channel);
                open.remove(index);
            }
        }
    }

    synchronized int openCount() {
        return open.size();
    }

    private void evict() {
        Iterator<Map.Entry<Integer, Handle>> it = open.entrySet().iterator();
        while (open.size() > capacity && it.hasNext()) {
            Handle h = it.next().getValue();
            if (h.users == 0) {
                closeQuietly(h.channel);
                it.remove();
            }
        }
    }

    private static FileChannel openChannel(StoredFile f) throws IOException {
        try {
            return FileChannel.open(f.location(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            // a read-only file can still be seeded from
            return FileChannel.open(f.location(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a channel we only read and wrote positionally; nothing to recover
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        List<Integer> idle = new ArrayList<>();
        for (Map.Entry<Integer, Handle> e : open.entrySet()) {
            if (e.getValue().users == 0) {
                closeQuietly(e.getValue().channel);
                idle.add(e.getKey());
            }
        }
        idle.forEach(open::remove);
    }
}
