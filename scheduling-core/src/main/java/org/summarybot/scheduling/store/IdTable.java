package org.summarybot.scheduling.store;

import java.util.function.Consumer;
import org.summarybot.scheduling.model.TaskId;

/**
 * The entries of an {@link InMemoryTaskStore} by task id: an open-addressing table (linear probing), with each
 * slot's hash in an array of its own. Probing and growing read the two arrays only, never the entries, so neither
 * chases pointers across the heap (growing a chained table visits every entry in random order). Not thread-safe:
 * the store's lock guards it.
 */
final class IdTable {
  private Entry[] slots = new Entry[16];
  private int[] hashes = new int[16];
  private int size;

  static int hash(TaskId id) {
    int h = id.hashCode();
    return h ^ (h >>> 16);
  }

  int size() {
    return size;
  }

  Entry find(TaskId id) {
    int slot = slotOf(id, hash(id));
    return slot >= 0 ? slots[slot] : null;
  }

  /** The slot holding {@code id}, or {@code -(free slot) - 1} where it would go. */
  int slotOf(TaskId id, int hash) {
    int mask = slots.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Entry e = slots[i];
      if (e == null) {
        return -i - 1;
      }
      if (hashes[i] == hash && e.id.equals(id)) {
        return i;
      }
    }
  }

  /** Puts {@code e} in the free {@code slot} (from {@link #slotOf}); grows the table past half full. */
  void insert(int slot, int hash, Entry e) {
    slots[slot] = e;
    hashes[slot] = hash;
    if (++size > slots.length >>> 1) {
      Entry[] oldSlots = slots;
      int[] oldHashes = hashes;
      slots = new Entry[oldSlots.length << 1];
      hashes = new int[oldSlots.length << 1];
      int mask = slots.length - 1;
      for (int i = 0; i < oldSlots.length; i++) {
        if (oldSlots[i] != null) {
          int j = oldHashes[i] & mask;
          while (slots[j] != null) {
            j = (j + 1) & mask;
          }
          slots[j] = oldSlots[i];
          hashes[j] = oldHashes[i];
        }
      }
    }
  }

  /** Removes and returns the entry of {@code id}, or null when there is none. */
  Entry remove(TaskId id) {
    int slot = slotOf(id, hash(id));
    if (slot < 0) {
      return null;
    }
    Entry removed = slots[slot];
    // Close the gap (backward shift): later entries of the run move up unless their home slot lies cyclically
    // after the hole, so every entry stays reachable from its home slot without tombstones.
    int mask = slots.length - 1;
    int hole = slot;
    for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
      int home = hashes[j] & mask;
      boolean homeAfterHole = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!homeAfterHole) {
        slots[hole] = slots[j];
        hashes[hole] = hashes[j];
        hole = j;
      }
    }
    slots[hole] = null;
    hashes[hole] = 0;
    size--;
    return removed;
  }

  void forEach(Consumer<Entry> action) {
    for (Entry e : slots) {
      if (e != null) {
        action.accept(e);
      }
    }
  }
}
