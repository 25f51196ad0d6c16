package io.lodestone.metainfo;

/** Which hash trees a torrent carries: BEP 3 (v1), BEP 52 (v2), or both over the same files. */
public enum TorrentVersion {
    V1("v1"),
    V2("v2"),
    HYBRID("hybrid");

    private final String wireName;

    TorrentVersion(String wireName) {
        this.wireName = wireName;
    }

    /** The lowercase name used in JSON and on the command line. */
    public String wireName() {
        return wireName;
    }

    public boolean hasV1() {
        return this != V2;
    }

    public boolean hasV2() {
        return this != V1;
    }

    /** The version for a wire name, or IllegalArgumentException. */
    public static TorrentVersion fromWireName(String name) {
        for (TorrentVersion v : values()) {
            if (v.wireName.equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("not a torrent version: " + name);
    }
}
