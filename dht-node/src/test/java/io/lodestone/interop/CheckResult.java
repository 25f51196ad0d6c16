package io.lodestone.interop;

import java.util.List;

/**
 * What libtorrent found when it hash-checked data against a torrent ({@code check}).
 *
 * @param numPieces     pieces in the torrent
 * @param piecesHave    pieces whose data verified
 * @param isSeed        every piece verified
 * @param missingPieces indices of the pieces that did not verify (at most the first 1000)
 * @param errors        libtorrent error alerts seen while checking
 */
public record CheckResult(int numPieces, int piecesHave, boolean isSeed, List<Integer> missingPieces,
                          List<String> errors) {

    public CheckResult {
        missingPieces = List.copyOf(missingPieces);
        errors = List.copyOf(errors);
    }

    /** All pieces verified and no errors. */
    public boolean complete() {
        return piecesHave == numPieces && errors.isEmpty();
    }
}
