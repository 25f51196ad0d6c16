package io.lodestone.dht.routing;

/** BEP 5 node states, as a routing table judges them at one instant. */
public enum NodeState {
    /** Answered within the last 15 minutes, or answered once and queried us within them; no failure since. */
    GOOD,
    /** Not heard from for 15 minutes, never answered yet, or one unanswered query since its last answer. */
    QUESTIONABLE,
    /** Failed to answer several queries in a row; never handed out. */
    BAD
}
