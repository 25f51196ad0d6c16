package io.lodestone.index.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Words for synthetic torrent names: common English words at the head, then a long tail of
 * made-up names built from syllables, drawn with a Zipf law as words in real names are; and CJK
 * words (Chinese, Japanese, Korean) with a tail of random Han pairs. Deterministic for a seed.
 */
final class CorpusWords {
    static final String[] COMMON = ("the of and a to in is you that it he was for on are as with his they at be "
            + "this have from or one had by word but not what all were we when your can said there use an each "
            + "which she do how their if will up other about out many then them these so some her would make "
            + "like him into time has look two more write go see number no way could people my than first water "
            + "been call who oil its now find long down day did get come made may part love night dark light "
            + "world war star last dead life man woman king queen house city blood fire ice story black white "
            + "red blue green gold silver iron stone river mountain sea ocean sky moon sun winter summer spring "
            + "autumn shadow ghost dragon wolf lion tiger eagle angel devil heaven hell dream secret lost found "
            + "home road journey return rise fall empire kingdom legend hero battle storm thunder wild heart soul "
            + "mind spirit power magic future past present final edge zero alpha omega beyond inside outside "
            + "after before under over between hidden broken silent deep high little big great new old young "
            + "good bad best live free open best hits collection complete season edition remastered deluxe "
            + "anniversary special extended directors cut unrated uncut original soundtrack music album live "
            + "concert tour greatest ultimate essential classic history science nature planet earth space").split(" ");

    static final String[] CJK = ("流浪地球 三体 红楼梦 西游记 水浒传 天龙八部 射雕英雄传 神雕侠侣 倚天屠龙记 笑傲江湖 "
            + "鹿鼎记 琅琊榜 甄嬛传 庆余年 长安十二时辰 狂飙 繁花 山海情 人世间 觉醒年代 让子弹飞 霸王别姬 "
            + "卧虎藏龙 英雄 功夫 少林足球 大话西游 无间道 花样年华 重庆森林 阳光灿烂的日子 活着 芳华 "
            + "进击的巨人 鬼灭之刃 海贼王 火影忍者 名侦探柯南 龙珠 灌篮高手 千与千寻 龙猫 你的名字 "
            + "字幕组 中文字幕 国语 粤语 高清 蓝光 合集 全集 第一季 第二季 原声大碟 无损 音乐 电影 纪录片 "
            + "進撃の巨人 鬼滅の刃 千と千尋の神隠し 君の名は となりのトトロ もののけ姫 風の谷のナウシカ "
            + "天空の城ラピュタ 魔女の宅急便 ハウルの動く城 新世紀エヴァンゲリオン 攻殻機動隊 カウボーイビバップ "
            + "涼宮ハルヒの憂鬱 けいおん ソードアート・オンライン ワンピース ナルト ドラゴンボール 名探偵コナン "
            + "第1話 第2話 最終回 劇場版 完全版 サウンドトラック アニメ 映画 "
            + "나의 아저씨 오징어 게임 사랑의 불시착 기생충 부산행 올드보이 도깨비 응답하라 이태원 클라쓰 "
            + "태양의 후예 시그널 킹덤 무한도전 런닝맨 방탄소년단 블랙핑크 트와이스 드라마 영화 음악 예능").split(" ");

    /** Han characters the tail pairs are drawn from: the common block's start. */
    private static final int HAN_FIRST = 0x4E00;
    private static final int HAN_SPAN = 3000;
    private static final String[] ONSETS = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s",
        "t", "v", "w", "z", "br", "ch", "cr", "dr", "gr", "kr", "pr", "sh", "st", "tr", "th", "qu"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"};
    private static final String[] CODAS = {"", "", "n", "r", "s", "l", "m", "x", "nd", "rt", "ck", "th"};

    private final List<String> latin;
    private final double[] latinCumulative;
    private final List<String> cjk;
    private final double[] cjkCumulative;

    CorpusWords(long seed, int tailWords, int cjkTailWords) {
        SplittableRandom r = new SplittableRandom(seed);
        latin = new ArrayList<>(List.of(COMMON));
        for (int i = 0; i < tailWords; i++) {
            latin.add(madeUpWord(r));
        }
        cjk = new ArrayList<>(List.of(CJK));
        for (int i = 0; i < cjkTailWords; i++) {
            cjk.add(new String(new int[] {HAN_FIRST + r.nextInt(HAN_SPAN), HAN_FIRST + r.nextInt(HAN_SPAN)}, 0, 2));
        }
        latinCumulative = zipf(latin.size());
        cjkCumulative = zipf(cjk.size());
    }

    private static String madeUpWord(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        int syllables = 2 + r.nextInt(2);
        for (int s = 0; s < syllables; s++) {
            b.append(ONSETS[r.nextInt(ONSETS.length)]).append(VOWELS[r.nextInt(VOWELS.length)]);
        }
        return b.append(CODAS[r.nextInt(CODAS.length)]).toString();
    }

    /** Cumulative Zipf weights (exponent 1) over {@code n} ranks, normalised to end at 1. */
    private static double[] zipf(int n) {
        double[] c = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / (i + 1);
            c[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            c[i] /= sum;
        }
        return c;
    }

    private static int pick(double[] cumulative, SplittableRandom r) {
        int i = java.util.Arrays.binarySearch(cumulative, r.nextDouble());
        return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
    }

    String latin(SplittableRandom r) {
        return latin.get(pick(latinCumulative, r));
    }

    /** A word from the tail only: rare, good for telling torrents apart. */
    String rareLatin(SplittableRandom r) {
        return latin.get(COMMON.length + r.nextInt(latin.size() - COMMON.length));
    }

    String cjk(SplittableRandom r) {
        return cjk.get(pick(cjkCumulative, r));
    }

    static String capitalised(String w) {
        return w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }
}
