package org.summarybot.scheduling.store;

/**
 * The tasks due (or whose leases end) at one instant, as a doubly linked list through their entries: adding and
 * removing cost O(1) with no hashing and no table to grow, however many tasks share the instant.
 */
final class Bucket {
  Entry head;
  Entry tail;

  void add(Entry e) {
    e.prev = tail;
    e.next = null;
    if (tail == null) {
      head = e;
    } else {
      tail.next = e;
    }
    tail = e;
  }

  void remove(Entry e) {
    if (e.prev == null) {
      head = e.next;
    } else {
      e.prev.next = e.next;
    }
    if (e.next == null) {
      tail = e.prev;
    } else {
      e.next.prev = e.prev;
    }
    e.prev = null;
    e.next = null;
  }

  boolean isEmpty() {
    return head == null;
  }
}
