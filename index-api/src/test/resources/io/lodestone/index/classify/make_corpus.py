#!/usr/bin/env python3
"""Generates the classifier's labelled corpus: invented titles, realistic release-name shapes."""
import random

R = random.Random(20261206)
W1 = "Silent Broken Hidden Crimson Iron Last Distant Golden Black White Northern Lost Burning Frozen Quiet Wild Hollow Bitter Glass Paper Velvet Savage Electric Midnight Scarlet Pale Endless Stolen Sacred Restless".split()
W2 = "River Empire Harbor Signal Garden Kingdom Witness Orchard Horizon Frontier Mirror Lantern Compass Engine Circuit Tide Citadel Meadow Border Canyon Station Archive Covenant Outpost Summit Valley Shadow Island Machine Bridge".split()
W3 = "of the in from beyond under".split()
NOUN = "Wolves Kings Stars Ghosts Saints Thieves Rivers Angels Strangers Hunters Sisters Brothers Machines Dreams Echoes".split()
FIRST = "Anna Marco Lena Tomas Ines Viktor Clara Jonas Maya Rafael Elif Oskar Nadia Emil Sofia Hugo Vera Milan Ada Felix".split()
LAST = "Varga Holm Castell Brandt Moreau Okafor Lindqvist Serrano Novak Haas Quint Ferreira Dunmore Albrecht Kowal Mercer Tanaka Ruiz Falk Bishop".split()
GROUPS = "NTb FLUX SPARKS GECKOS DRONES ROVERS KOGi TOMMY CAKES SMURF EDITH MiNX HONE PECULATE BORDURE QxR RARBG YIFY PSA TGx ION10 NOGRP TEPES HiQVE BAE".split()
ANIME_GROUPS = "SubsPlease Erai-raws Judas EMBER ASW Nyanpasu DameDesuYo Commie Kametsu Golumpa Tsundere Cleo".split()
GAME_GROUPS = "CODEX PLAZA SKIDROW RELOADED FitGirl DODI ElAmigos GOG TENOKE RUNE EMPRESS HOODLUM DARKSiDERS TiNYiSO FLT SiMPLEX".split()
LABELS = []

def title(words=None):
    k = words or R.choice([1, 2, 2, 3, 3, 4])
    if k == 1:
        return R.choice(W2 + NOUN)
    if k == 2:
        return R.choice(W1) + " " + R.choice(W2 + NOUN)
    if k == 3:
        return "The " + R.choice(W1) + " " + R.choice(W2)
    return R.choice(W2) + " " + R.choice(W3) + " " + R.choice(["the ", ""]) + R.choice(W1) + " " + R.choice(NOUN)

def person():
    return R.choice(FIRST) + " " + R.choice(LAST)

def dotted(s):
    return s.replace(" - ", ".").replace(" ", ".").replace("'", "")

GB = 1 << 30
MB = 1 << 20
KB = 1 << 10

def sz(lo, hi):
    return R.randint(int(lo), int(hi))

def year_in(text):
    """The last year-like token of a name, as the label; '-' when there is none."""
    yr = "-"
    for tok in text.split():
        if tok.isdigit() and len(tok) == 4 and tok.startswith(("19", "20")):
            yr = int(tok)
    return yr

def emit(typ, name, files, res="-", season="-", episode="-", year="-", source="-", codec="-"):
    fs = "|".join(f"{p}*{s}" for p, s in files)
    LABELS.append("\t".join([typ, res, season, episode, str(year), source, codec, name, fs]))

RES = [("2160p", "2160p"), ("1080p", "1080p"), ("1080p", "1080p"), ("720p", "720p"), ("480p", "480p")]
SRC = [("BluRay", "BluRay"), ("WEB-DL", "WEB-DL"), ("WEBRip", "WEBRip"), ("BDRip", "BluRay"), ("HDTV", "HDTV"), ("WEB", "WEB-DL"), ("DVDRip", "DVD"), ("Blu-ray", "BluRay"), ("HDRip", "HDRip")]
COD = [("x264", "H.264"), ("x265", "H.265"), ("H.264", "H.264"), ("HEVC", "H.265"), ("H265", "H.265"), ("AV1", "AV1"), ("XviD", "XviD"), ("AVC", "H.264")]
AUD = ["DD5.1", "DDP5.1", "AAC2.0", "AAC", "DTS", "DTS-HD.MA.5.1", "TrueHD.7.1.Atmos", "AC3", "EAC3", "FLAC", "Opus"]

def video_extras(main_path, main_size, with_sub=True):
    files = [(main_path, main_size)]
    base = main_path.rsplit("/", 1)[0] + "/" if "/" in main_path else ""
    r = R.random()
    if r < 0.3:
        files.append((base + "Sample/sample.mkv", sz(20 * MB, 90 * MB)))
    if r > 0.5 and with_sub:
        files.append((base + "Subs/English.srt", sz(40 * KB, 120 * KB)))
    if R.random() < 0.4:
        files.append((base + R.choice(["info.nfo", "RARBG.txt", "readme.txt", "Torrent downloaded from site.txt"]), sz(200, 4000)))
    if R.random() < 0.15:
        files.append((base + "poster.jpg", sz(80 * KB, 900 * KB)))
    return files

# ------------------------------------------------------------------ movies
def movie():
    t = title()
    y = R.randint(1950, 2025)
    res, resl = R.choice(RES)
    src, srcl = R.choice(SRC)
    cod, codl = R.choice(COD)
    aud = R.choice(AUD)
    g = R.choice(GROUPS)
    style = R.randint(0, 6)
    ext = R.choice(["mkv", "mkv", "mkv", "mp4", "avi"])
    show_res, show_src, show_cod = True, True, True
    if style == 0:
        name = f"{dotted(t)}.{y}.{res}.{src}.{aud}.{cod}-{g}"
    elif style == 1:
        name = f"{t} ({y}) [{res}] [{src}] [{cod}]"
        if R.random() < 0.5:
            name += f" [{R.choice(['5.1', '2.0', 'YTS.MX', 'YIFY'])}]"
    elif style == 2:
        name = f"{t} {y} {res} {src} {cod} {aud.replace('.', ' ', 1) if R.random()<0.3 else aud}-{g}"
    elif style == 3:
        name = f"{dotted(t)}.{y}.{R.choice(['REMUX', 'Extended', 'UNRATED', 'IMAX', 'Directors.Cut', 'PROPER', 'REPACK'])}.{res}.{src}.{cod}-{g}"
    elif style == 4:
        name = f"{t} ({y}) {res} {cod} {R.choice(['10bit', 'HDR', 'DV HDR10', 'SDR'])} {aud} {R.choice(['ENG', 'ITA ENG', 'MULTi', 'German DL', 'FRENCH'])}"
        show_src = False
    elif style == 5:
        # sparse name: only title and year
        name = f"{t} ({y})"
        show_res = show_src = show_cod = False
    else:
        name = f"{t.lower().replace(' ', '.')}.{y}.{res}.{src.lower()}.{cod.lower()}-{g.lower()}"
    fname = name if R.random() < 0.7 else dotted(t) + f".{y}"
    main = sz(700 * MB, 60 * GB) if res != "480p" else sz(600 * MB, 2 * GB)
    if R.random() < 0.5:
        files = video_extras(f"{name}/{fname}.{ext}", main)
    else:
        files = [(f"{fname}.{ext}", main)]
    emit("movie", name, files, res=resl if show_res else "-", year=y,
         source=srcl if show_src else "-", codec=codl if show_cod else "-")

def movie_collection():
    t = title(2)
    n = R.randint(2, 6)
    kind = R.choice(["Trilogy", "Collection", "Duology", "Anthology", "Complete Collection"])
    res, resl = R.choice(RES[:4])
    y1 = R.randint(1970, 2010)
    y2 = y1 + R.randint(3, 15)
    name = R.choice([f"{t} {kind} ({y1}-{y2}) {res} BluRay x264",
                     f"{dotted(t)}.{kind.replace(' ', '.')}.{res}.BluRay.x265-{R.choice(GROUPS)}",
                     f"{t} - {kind} [{res}]"])
    files = []
    for i in range(n):
        yy = y1 + i * 3
        files.append((f"{name}/{t} {['', 'II', 'III', 'IV', 'V', 'VI'][i]} ({yy}).mkv".replace("  ", " "), sz(2 * GB, 12 * GB)))
    year = "-"
    if "(" in name:
        year = y2
    emit("movie", name, files, res=resl, year=year, source="BluRay" if "BluRay" in name else "-",
         codec=("H.264" if "x264" in name else "H.265" if "x265" in name else "-"))

def movie_dvd():
    t = title()
    y = R.randint(1960, 2008)
    name = R.choice([f"{t} ({y}) DVD9 PAL", f"{dotted(t)}.{y}.NTSC.DVDR-{R.choice(GROUPS)}", f"{t} {y} DVD5 Retail"])
    files = [(f"{name}/VIDEO_TS/VIDEO_TS.IFO", 18000), (f"{name}/VIDEO_TS/VIDEO_TS.BUP", 18000)]
    for i in range(1, R.randint(3, 6)):
        files.append((f"{name}/VIDEO_TS/VTS_01_{i}.VOB", sz(800 * MB, GB)))
    emit("movie", name, files, year=y, source="DVD")

def movie_mislabelled():
    # video inside a rar set, or a sample plus a tiny fake exe
    t = title()
    y = R.randint(1990, 2025)
    res, resl = R.choice(RES[:4])
    name = f"{dotted(t)}.{y}.{res}.BluRay.x264-{R.choice(GROUPS)}"
    if R.random() < 0.5:
        files = [(f"{name}/{name.lower()}.r{i:02d}", 50 * MB) for i in range(R.randint(20, 60))]
        files.append((f"{name}/{name.lower()}.rar", 50 * MB))
        files.append((f"{name}/{name.lower()}.nfo", 3000))
    else:
        files = [(f"{name}/{name}.mkv", sz(4 * GB, 9 * GB)), (f"{name}/Codec.Installer.exe", sz(300 * KB, 2 * MB)),
                 (f"{name}/Read.Me.txt", 400)]
    emit("movie", name, files, res=resl, year=y, source="BluRay", codec="H.264")

# ------------------------------------------------------------------ tv
def tv_episode():
    t = title(R.choice([1, 2, 3]))
    s = R.randint(1, 15)
    e = R.randint(1, 24)
    res, resl = R.choice(RES[1:])
    src, srcl = R.choice([("WEB-DL", "WEB-DL"), ("WEBRip", "WEBRip"), ("HDTV", "HDTV"), ("WEB", "WEB-DL"), ("BluRay", "BluRay")])
    cod, codl = R.choice(COD[:6])
    net = R.choice(["AMZN.", "NF.", "HMAX.", "DSNP.", "ATVP.", "", "", ""])
    g = R.choice(GROUPS)
    style = R.randint(0, 5)
    ep_lab = str(e)
    yr = "-"
    if style == 0:
        name = f"{dotted(t)}.S{s:02d}E{e:02d}.{res}.{net}{src}.{R.choice(['DDP5.1', 'AAC2.0', 'DD5.1'])}.{cod}-{g}"
    elif style == 1:
        name = f"{t} S{s:02d}E{e:02d} {R.choice(['Pilot', 'The ' + R.choice(W2), R.choice(W1) + ' ' + R.choice(NOUN)])} {res} {src} {cod}"
    elif style == 2:
        e2 = e + 1
        ep_lab = f"{e}-{e2}"
        name = f"{dotted(t)}.S{s:02d}E{e:02d}{R.choice(['E', '-E', '-'])}{e2:02d}.{res}.{src}.{cod}-{g}"
    elif style == 3:
        name = f"{t} - {s}x{e:02d} - {R.choice(W2)} [{res} {src}]"
        codl = "-"
    elif style == 4:
        y = R.randint(2005, 2025)
        yr = y
        name = f"{dotted(t)}.{y}.S{s:02d}E{e:02d}.{res}.{src}.{cod}-{g}"
    else:
        name = f"{t.lower().replace(' ', '.')}.s{s:02d}e{e:02d}.{res}.{src.lower()}.{cod.lower()}-{g.lower()}"
    ext = R.choice(["mkv", "mkv", "mp4"])
    main = sz(150 * MB, 5 * GB)
    files = video_extras(f"{name}/{name}.{ext}", main) if R.random() < 0.5 else [(f"{name}.{ext}", main)]
    emit("tv", name, files, res=resl, season=str(s), episode=ep_lab, year=yr, source=srcl, codec=codl)

def tv_season_pack():
    t = title(R.choice([1, 2, 3]))
    s = R.randint(1, 12)
    n = R.randint(6, 13)
    res, resl = R.choice(RES[:4])
    src, srcl = R.choice([("WEB-DL", "WEB-DL"), ("BluRay", "BluRay"), ("WEBRip", "WEBRip"), ("HDTV", "HDTV")])
    cod, codl = R.choice(COD[:5])
    style = R.randint(0, 5)
    if style == 0:
        name = f"{dotted(t)}.S{s:02d}.{res}.{src}.{cod}-{R.choice(GROUPS)}"
    elif style == 1:
        name = f"{t} Season {s} Complete {res} {src} {cod}"
    elif style == 2:
        name = f"{t} (Season {s}) [{res}] [{cod}]"
        src, srcl = "", "-"
    elif style == 3:
        name = f"{t} S{s:02d} COMPLETE {res} {src} {cod} {R.choice(['ESub', 'MULTi', 'Dual Audio', 'ENG'])}"
    elif style == 4:
        name = f"{dotted(t)}.Season.{s:02d}.{res}.{src}.{cod}"
    else:
        name = f"{t} - Temporada {s} [{res}]" if R.random() < 0.5 else f"{t} Staffel {s} German {res} {src} {cod}"
        if "Temporada" in name:
            src, srcl, codl = "", "-", "-"
    files = []
    for e in range(1, n + 1):
        files.append((f"{name}/{dotted(t)}.S{s:02d}E{e:02d}.{res}.mkv", sz(300 * MB, 3 * GB)))
    if R.random() < 0.3:
        files.append((f"{name}/Subs/S{s:02d}E01.English.srt", 60 * KB))
    emit("tv", name, files, res=resl, season=str(s), episode="-", source=srcl, codec=codl)

def tv_multi_season():
    t = title(R.choice([1, 2, 3]))
    s1 = 1 if R.random() < 0.7 else R.randint(2, 4)
    s2 = s1 + R.randint(1, 7)
    res, resl = R.choice(RES[1:4])
    style = R.randint(0, 4)
    if style == 0:
        name = f"{dotted(t)}.S{s1:02d}-S{s2:02d}.{res}.BluRay.x264-{R.choice(GROUPS)}"
    elif style == 1:
        name = f"{t} Seasons {s1}-{s2} Complete {res} WEB-DL"
    elif style == 2:
        name = f"{t} (Complete Series) S{s1:02d}-S{s2:02d} {res} x265"
    elif style == 3:
        name = f"{t} Season {s1} to {s2} [{res}]"
    else:
        name = f"{t} S{s1:02d}-{s2:02d} {res} WEBRip"
    files = []
    for s in range(s1, s2 + 1):
        for e in range(1, R.randint(4, 10)):
            files.append((f"{name}/Season {s}/{t} S{s:02d}E{e:02d}.mkv", sz(200 * MB, 2 * GB)))
    emit("tv", name, files, res=resl, season=f"{s1}-{s2}", episode="-",
         source="BluRay" if "BluRay" in name else "WEB-DL" if "WEB-DL" in name else "WEBRip" if "WEBRip" in name else "-",
         codec="H.264" if "x264" in name else "H.265" if "x265" in name else "-")

def tv_complete_no_number():
    t = title(R.choice([2, 3]))
    res, resl = R.choice(RES[1:4])
    name = R.choice([f"{t} - The Complete Series [{res}]", f"{t} Complete Series {res} BluRay", f"{t} Miniseries {res} WEB-DL"])
    files = []
    for s in range(1, R.randint(2, 4)):
        for e in range(1, R.randint(4, 9)):
            files.append((f"{name}/S{s:02d}/{t} S{s:02d}E{e:02d}.mkv", sz(300 * MB, 2 * GB)))
    emit("tv", name, files, res=resl, source="BluRay" if "BluRay" in name else "WEB-DL" if "WEB-DL" in name else "-")

def anime():
    t = title(R.choice([1, 2, 3]))
    g = R.choice(ANIME_GROUPS)
    res = R.choice(["1080p", "720p", "1080p", "480p"])
    style = R.randint(0, 5)
    codl = "-"
    if style == 0:
        a = R.randint(1, 1200)
        name = f"[{g}] {t} - {a:02d} [{res}]"
        if R.random() < 0.5:
            name += f"[{R.choice(['ABCD1234', 'F00DBABE', '9C3A11E2', '5E6F7A8B'])}]"
        ep = f"a{a}"
    elif style == 1:
        a = R.randint(1, 60)
        name = f"[{g}] {t} - {a:02d}v2 ({res}) [{R.choice(['HEVC', 'x264'])}]"
        codl = "H.265" if "HEVC" in name else "H.264"
        ep = f"a{a}"
    elif style == 2:
        a1, a2 = 1, R.choice([12, 13, 24, 25, 26])
        name = f"[{g}] {t} - {a1:02d}-{a2:02d} [{res}] [Batch]"
        ep = f"a{a1}-{a2}"
    elif style == 3:
        a = R.randint(100, 1150)
        name = f"{t} - {a} ({res}) [{g}]"
        ep = f"a{a}"
    elif style == 4:
        s = R.randint(1, 4)
        e = R.randint(1, 13)
        name = f"[{g}] {t} S{s}E{e:02d} ({res}) [Multi-Subs]" if R.random() < 0.5 else f"[{g}] {t} S{s:02d}E{e:02d} [{res}]"
        ep = str(e)
        emit_anime(name, res, str(s), ep, codl)
        return
    else:
        s = R.randint(2, 4)
        a = R.randint(1, 24)
        name = f"[{g}] {t} {s}nd Season - {a:02d} [{res}]".replace("3nd", "3rd").replace("4nd", "4th")
        ep = f"a{a}"
    emit_anime(name, res, "-", ep, codl)

def emit_anime(name, res, season, ep, codl):
    if "Batch" in name:
        n = int(ep.split("-")[1])
        files = [(f"{name}/{name.split(' - ')[0]} - {i:02d} [{res}].mkv", sz(200 * MB, 1500 * MB)) for i in range(1, n + 1)]
    else:
        files = [(f"{name}.mkv", sz(200 * MB, 1500 * MB))]
    emit("tv", name, files, res=res, season=season, episode=ep, codec=codl)

def tv_daily_or_docs():
    t = title(2)
    res, resl = R.choice(RES[1:4])
    s = R.randint(1, 40)
    e = R.randint(1, 180)
    name = f"{dotted(t)}.Show.S{s:02d}E{e:03d}.{res}.WEB.h264-{R.choice(GROUPS)}"
    emit("tv", name, [(f"{name}.mkv", sz(300 * MB, 1500 * MB))], res=resl, season=str(s), episode=str(e),
         source="WEB-DL", codec="H.264")

# ------------------------------------------------------------------ music
def tracks(base, n, ext, lo, hi, artist=None):
    out = []
    for i in range(1, n + 1):
        nm = f"{i:02d} - {R.choice(W1)} {R.choice(W2 + NOUN)}"
        if artist and R.random() < 0.3:
            nm = f"{i:02d}. {artist} - {R.choice(W1)} {R.choice(NOUN)}"
        out.append((f"{base}/{nm}.{ext}", sz(lo, hi)))
    return out

def music_album():
    a = R.choice([person(), "The " + R.choice(W1) + " " + R.choice(NOUN), R.choice(W2) + " " + R.choice(NOUN)])
    al = title(R.choice([1, 2, 3]))
    y = R.randint(1965, 2025)
    fmt = R.choice(["FLAC", "MP3 320", "MP3 V0", "FLAC 24-96", "WEB FLAC", "MP3", "320kbps", "ALAC", "16bit-44.1kHz"])
    style = R.randint(0, 4)
    if style == 0:
        name = f"{a} - {al} ({y}) [{fmt}]"
    elif style == 1:
        name = f"{dotted(a)}-{dotted(al)}-{R.choice(['WEB', 'CD', 'Vinyl', '2CD'])}-{y}-{R.choice(['FATHEAD', 'MOD', 'ENRAGED', 'DDS'])}"
    elif style == 2:
        name = f"{a} - {al} [{y}] {R.choice(['Remastered', 'Deluxe Edition', 'Live', 'EP', 'Single'])} {fmt}"
    elif style == 3:
        name = f"{a} - {al} ({y})"
    else:
        name = f"({y}) {a} - {al} {R.choice(['[FLAC]', 'MP3@320', '{WEB}', ''])}".strip()
    ext = "flac" if ("FLAC" in name or "bit" in name or R.random() < 0.4) and "MP3" not in name and "320" not in name else "mp3"
    if "ALAC" in name:
        ext = "m4a"
    lo, hi = (15 * MB, 60 * MB) if ext in ("flac", "m4a") else (4 * MB, 14 * MB)
    files = tracks(name, R.randint(6, 16), ext, lo, hi, a)
    if R.random() < 0.6:
        files.append((f"{name}/{R.choice(['cover.jpg', 'folder.jpg', 'Front.jpg'])}", sz(100 * KB, 3 * MB)))
    if ext == "flac" and R.random() < 0.5:
        files += [(f"{name}/{al}.cue", 2000), (f"{name}/{al}.log", 5000)]
    emit("music", name, files, year=y)

def music_discography():
    a = R.choice([person(), "The " + R.choice(W1) + " " + R.choice(NOUN)])
    y1 = R.randint(1965, 2000)
    y2 = y1 + R.randint(8, 30)
    fmt = R.choice(["FLAC", "MP3 320kbps", "MP3", "Lossless"])
    name = R.choice([f"{a} - Discography ({y1}-{y2}) [{fmt}]", f"{a} - Complete Discography {fmt}",
                     f"{a} - Studio Albums {y1}-{y2} {fmt}", f"{a} Discografia {fmt}"])
    ext = "mp3" if "MP3" in fmt else "flac"
    files = []
    for i in range(R.randint(3, 8)):
        al = f"{y1 + i * 2} - {title(2)}"
        files += tracks(f"{name}/{al}", R.randint(8, 12), ext, 5 * MB, 40 * MB)
        if R.random() < 0.5:
            files.append((f"{name}/{al}/cover.jpg", 500 * KB))
    year = "-"
    if f"({y1}-{y2})" in name:
        year = y2
    elif f"{y1}-{y2}" in name:
        year = y2
    emit("music", name, files, year=year)

def music_ost():
    t = title()
    y = R.randint(1980, 2025)
    name = R.choice([f"{t} (Original Motion Picture Soundtrack) ({y}) [FLAC]", f"{t} OST {y} MP3 320",
                     f"VA - {t} ({y}) MP3", f"Various Artists - {t} Compilation {y}"])
    ext = "flac" if "FLAC" in name else "mp3"
    files = tracks(name, R.randint(10, 25), ext, 4 * MB, 35 * MB)
    emit("music", name, files, year=y)

def music_single_file_mix():
    a = person()
    y = R.randint(2005, 2025)
    name = f"{a} - {R.choice(['Live at', 'Boiler Set', 'Essential Mix', 'Radio Show'])} {R.choice(W2)} {y}"
    files = [(f"{name}.mp3", sz(80 * MB, 300 * MB))]
    emit("music", name, files, year=y)

# ------------------------------------------------------------------ audiobooks
def audiobook():
    au = person()
    bk = title()
    nar = person()
    y = R.randint(1995, 2025)
    style = R.randint(0, 5)
    if style == 0:
        name = f"{au} - {bk} (Unabridged)"
    elif style == 1:
        name = f"{au} - {bk} [Audiobook] [MP3 64kbps]"
    elif style == 2:
        name = f"{bk} by {au}, narrated by {nar}"
    elif style == 3:
        name = f"{au} - {bk} ({y}) [M4B]"
    elif style == 4:
        name = f"{bk} - {au} - Read by {nar} - {y}"
    else:
        name = f"{au} - {bk}"  # hard: nothing in the name, chapters in the files
    files = []
    if "M4B" in name or (style == 5 and R.random() < 0.4):
        files = [(f"{name}/{bk}.m4b", sz(150 * MB, 900 * MB)), (f"{name}/cover.jpg", 300 * KB)]
    else:
        n = R.randint(8, 60)
        pat = R.choice(["Chapter {i:02d}", "{bk} - Part {i:02d}", "Track {i:03d}", "{i:02d} Chapter {i}"])
        for i in range(1, n + 1):
            files.append((f"{name}/{pat.format(i=i, bk=bk)}.mp3", sz(8 * MB, 40 * MB)))
        if R.random() < 0.5:
            files.append((f"{name}/cover.jpg", 200 * KB))
    yr = y if str(y) in name else "-"
    emit("audiobook", name, files, year=yr)

def audiobook_series():
    au = person()
    ser = title(2)
    name = R.choice([f"{au} - {ser} Series Books 1-{R.randint(3, 7)} Audiobook", f"{ser} Saga Audiobooks (Unabridged) - {au}"])
    files = []
    for b in range(1, R.randint(3, 6)):
        for c in range(1, R.randint(5, 12)):
            files.append((f"{name}/Book {b} - {title(2)}/Chapter {c:02d}.mp3", sz(10 * MB, 30 * MB)))
    emit("audiobook", name, files)

# ------------------------------------------------------------------ ebooks
def ebook():
    au = person()
    bk = title()
    y = R.randint(1990, 2025)
    style = R.randint(0, 6)
    ext = R.choice(["epub", "pdf", "mobi", "azw3", "epub"])
    if style == 0:
        name = f"{au} - {bk} ({y}) [EPUB]"
        ext = "epub"
    elif style == 1:
        name = f"{bk} by {au} ({y}) {ext.upper()}"
    elif style == 2:
        name = f"{au} - {bk}. A Novel ({y})"
    elif style == 3:
        name = f"{R.choice(['Learning', 'Mastering', 'Practical', 'Programming', 'Hands-On'])} {R.choice(['Rust', 'Kubernetes', 'Python', 'Go', 'PostgreSQL', 'Linux Networking', 'Compilers', 'Statistics'])}, {R.choice(['2nd', '3rd', '4th'])} Edition ({y}) [PDF] - {R.choice(['Packt', 'Apress', 'Manning', 'OReilly'])}"
        ext = "pdf"
    elif style == 4:
        name = f"{au} - {bk} (retail) (epub, mobi)"
    elif style == 5:
        name = f"{bk} Vol. {R.randint(1, 30)} ({y}) (Digital) ({R.choice(['Empire', 'Zone', 'Glorith'])})"
        ext = R.choice(["cbz", "cbr"])
    else:
        name = f"{au} - {bk}"   # hard: nothing in the name
    files = [(f"{name}/{au} - {bk}.{ext}", sz(300 * KB, 30 * MB) if ext != "cbz" and ext != "cbr" else sz(30 * MB, 200 * MB))]
    if "epub, mobi" in name:
        files = [(f"{name}/{bk}.epub", sz(300 * KB, 3 * MB)), (f"{name}/{bk}.mobi", sz(500 * KB, 5 * MB))]
    if R.random() < 0.4:
        files.append((f"{name}/cover.jpg", sz(50 * KB, 400 * KB)))
    if R.random() < 0.5 and style != 5:
        files = [(p.split("/", 1)[1], s) for p, s in files]
    yr = y if str(y) in name else "-"
    emit("ebook", name, files, year=yr)

def ebook_collection():
    name = R.choice([f"{person()} - Collected Works (epub)", f"{R.randint(50, 500)} {R.choice(['Science Fiction', 'Mystery', 'Cooking', 'History', 'Programming'])} eBooks Collection",
                     f"{title(2)} Magazine - {R.choice(['January', 'March', 'October'])} {R.randint(2015, 2025)}", f"{title(2)} Series Books 1-{R.randint(4, 9)} EPUB"])
    files = []
    for i in range(R.randint(3, 30)):
        ext = R.choice(["epub", "pdf", "mobi", "epub"])
        files.append((f"{name}/{person()} - {title()}.{ext}", sz(200 * KB, 15 * MB)))
    yr = year_in(name)
    emit("ebook", name, files, year=yr)

# ------------------------------------------------------------------ software
APPS = "Photon Editor|Arcwell Studio|NimbusCAD|Quillsoft Office|Tessera Video Converter|Driftwood Backup|Granite DB Manager|Lumen Photo|Vectorline Draw|Cobalt Audio Workstation|Zephyr PDF Tools|Sentinel Antivirus|Pinewood IDE|Marlin Disk Utility|Orbit VPN Client".split("|")
def software():
    app = R.choice(APPS)
    v = f"{R.randint(1, 24)}.{R.randint(0, 9)}.{R.randint(0, 999)}"
    style = R.randint(0, 6)
    if style == 0:
        name = f"{app} v{v} (x64) + Crack"
    elif style == 1:
        name = f"{dotted(app)}.{v}.Multilingual.Win64-{R.choice(['XFORCE', 'BTCR', 'AMPED', 'TNT'])}"
    elif style == 2:
        name = f"{app} {v} Portable"
    elif style == 3:
        name = f"{app} {R.randint(2018, 2026)} Pro {v} macOS"
    elif style == 4:
        name = f"{app} {v} Pre-Activated [x64]"
    elif style == 5:
        name = f"{app} {v}"   # hard: only name and version
    else:
        name = f"{app} Enterprise {v} Setup + Keygen"
    files = []
    if "macOS" in name:
        files = [(f"{name}/{app}.dmg", sz(80 * MB, 2 * GB)), (f"{name}/Readme.txt", 900)]
    else:
        inst = R.choice(["setup.exe", f"{app.replace(' ', '')}_Setup_x64.exe", f"{app.replace(' ', '')}.msi", "Install.exe"])
        files = [(f"{name}/{inst}", sz(20 * MB, 3 * GB))]
        if "Crack" in name or "Keygen" in name or R.random() < 0.3:
            files.append((f"{name}/Crack/{R.choice(['patch.exe', 'keygen.exe', 'Crack.exe'])}", sz(200 * KB, 5 * MB)))
        if R.random() < 0.5:
            files.append((f"{name}/Docs/User Manual.pdf", sz(2 * MB, 40 * MB)))
        if R.random() < 0.3:
            files.append((f"{name}/Instructions.txt", 1200))
    yr = year_in(name.replace("-", " "))
    emit("software", name, files, year=yr)

def linux_iso():
    d = R.choice(["Ubuntu", "Debian", "Fedora Workstation", "Linux Mint", "Arch Linux", "openSUSE Leap", "Kali Linux", "Rocky Linux", "AlmaLinux", "Pop!_OS"])
    v = R.choice(["24.04.1", "12.7.0", "40", "22", "2025.01.01", "15.6", "2024.4", "9.4", "22.04.3"])
    arch = R.choice(["amd64", "x86_64", "arm64", "aarch64", "i386"])
    name = R.choice([f"{d.lower().replace(' ', '-')}-{v}-{R.choice(['desktop', 'live-server', 'netinst', 'DVD', 'dvd1'])}-{arch}.iso",
                     f"{d} {v} {arch} ISO"])
    files = [(name if name.endswith(".iso") else f"{name}/{d.replace(' ', '-')}-{v}-{arch}.iso", sz(400 * MB, 5 * GB))]
    emit("software", name, files)

def software_docs_pdf():
    # hard: software torrents whose bulk is PDF documentation
    app = R.choice(APPS)
    v = f"{R.randint(1, 12)}.{R.randint(0, 9)}"
    name = R.choice([f"{app} {v} SDK with Documentation", f"{app} {v} Developer Toolkit (Win/Mac/Linux)", f"{app} {v} Plugins Bundle x64"])
    files = [(f"{name}/setup_{v}.exe", sz(10 * MB, 60 * MB))]
    for i in range(R.randint(3, 10)):
        files.append((f"{name}/docs/{R.choice(['API Reference', 'Getting Started', 'Admin Guide', 'Release Notes'])} {i}.pdf", sz(5 * MB, 30 * MB)))
    files.append((f"{name}/lib/{app.split()[0].lower()}.dll", sz(1 * MB, 20 * MB)))
    emit("software", name, files)

def android_apps():
    app = R.choice(APPS)
    name = R.choice([f"{app} v{R.randint(1, 9)}.{R.randint(0, 20)} Premium Mod APK", f"{app} Pro {R.randint(1, 9)}.{R.randint(0, 9)} [Android]"])
    emit("software", name, [(f"{name}/{app.replace(' ', '_')}.apk", sz(10 * MB, 200 * MB))])

# ------------------------------------------------------------------ games
GAMES = [title(2) for _ in range(40)] + [title(4) for _ in range(20)]
def game():
    t = R.choice(GAMES)
    g = R.choice(GAME_GROUPS)
    style = R.randint(0, 6)
    if style == 0:
        name = f"{dotted(t)}-{g}"
        files = [(f"{name}/{g.lower()}-{dotted(t).lower()}.iso", sz(2 * GB, 60 * GB)), (f"{name}/{g.lower()}.nfo", 4000)]
    elif style == 1:
        name = f"{t} - {R.choice(['Deluxe Edition', 'GOTY Edition', 'Definitive Edition', 'Complete Edition'])} [FitGirl Repack]"
        files = [(f"{name}/setup.exe", sz(3 * MB, 8 * MB))] + [(f"{name}/fg-{i:02d}.bin", sz(1 * GB, 4 * GB)) for i in range(1, R.randint(3, 12))]
        files.append((f"{name}/MD5/fitgirl-bins.md5", 2000))
    elif style == 2:
        name = f"{t} v{R.randint(1, 3)}.{R.randint(0, 40)}.{R.randint(0, 9)} + {R.randint(2, 12)} DLCs [DODI Repack]"
        files = [(f"{name}/Setup.exe", sz(3 * MB, 8 * MB))] + [(f"{name}/data{i}.bin", sz(1 * GB, 3 * GB)) for i in range(1, R.randint(2, 8))]
    elif style == 3:
        name = f"{t} ({R.choice(['GOG', 'Build 1' + str(R.randint(10000, 99999))])})"
        files = [(f"{name}/setup_{t.lower().replace(' ', '_')}_1.{R.randint(0, 9)}.exe", sz(50 * MB, 4 * GB)), (f"{name}/setup_{t.lower().replace(' ', '_')}-1.bin", sz(1 * GB, 4 * GB))]
    elif style == 4:
        plat = R.choice(["Switch NSP", "NSW XCI", "PS4 PKG", "PSP ISO", "PS2 ISO"])
        name = f"{t} [{plat}] {R.choice(['[MULTi6]', '[USA]', '[EUR]', '+ Update'])}"
        ext = {"Switch NSP": "nsp", "NSW XCI": "xci", "PS4 PKG": "pkg", "PSP ISO": "iso", "PS2 ISO": "iso"}[plat]
        files = [(f"{name}/{t}.{ext}", sz(500 * MB, 20 * GB))]
    elif style == 5:
        # hard: plain name, game data layout
        name = t
        files = [(f"{name}/{t.replace(' ', '')}.exe", sz(5 * MB, 80 * MB)), (f"{name}/steam_api64.dll", 300 * KB),
                 (f"{name}/Data/level{R.randint(1, 9)}.pak", sz(1 * GB, 6 * GB)), (f"{name}/Data/audio.bank", sz(200 * MB, 2 * GB)),
                 (f"{name}/UnityPlayer.dll", 25 * MB)]
    else:
        name = f"{t} {R.choice(['Early Access', 'MULTi9', 'v1.0.' + str(R.randint(1, 99))])}-{R.choice(['TENOKE', 'RUNE', 'SKIDROW', 'P2P'])}"
        files = [(f"{name}/{name.split('-')[0].strip().replace(' ', '.')}.rar", sz(2 * GB, 20 * GB))] + [(f"{name}/{name.split('-')[0].strip().replace(' ', '.')}.r{i:02d}", 500 * MB) for i in range(R.randint(2, 15))]
    emit("game", name, files)

def retro_roms():
    sysn = R.choice(["SNES", "NES", "GBA", "N64", "MAME 0.2" + str(R.randint(10, 70)), "PSX"])
    name = R.choice([f"{sysn} ROM Set Complete (No-Intro)", f"{sysn} ROMs Collection {R.randint(2018, 2025)}", f"Retro {sysn} Games Pack"])
    files = [(f"{name}/{title(2)} (USA).zip", sz(100 * KB, 8 * MB)) for _ in range(R.randint(10, 40))]
    yr = year_in(name)
    emit("game", name, files, year=yr)

# ------------------------------------------------------------------ xxx
def xxx():
    studio = R.choice(["Brazzers", "Vixen", "Blacked", "TeamSkeet", "BangBros", "RealityKings", "NaughtyAmerica", "Tushy", "MOFOS"])
    p1, p2 = R.choice(FIRST), R.choice(FIRST)
    d = f"{R.randint(20, 25)}.{R.randint(1, 12):02d}.{R.randint(1, 28):02d}"
    res = R.choice(["1080p", "720p", "2160p", "480p"])
    style = R.randint(0, 5)
    resl = res
    if style == 0:
        name = f"{studio}.{d}.{p1}.{R.choice(LAST)}.And.{p2}.XXX.{res}.MP4-{R.choice(['KTR', 'WRB', 'P2P'])}"
    elif style == 1:
        name = f"[{studio}] {p1} {R.choice(LAST)} - {R.choice(W1)} {R.choice(W2)} ({res})"
    elif style == 2:
        name = f"{p1} {R.choice(LAST)} OnlyFans SiteRip {R.randint(2019, 2025)} [{R.randint(50, 600)} videos]"
        resl = "-"
    elif style == 3:
        name = f"{R.choice(W1)} {R.choice(W2)} {R.randint(1, 12)} XXX DVDRip"
        resl = "480p"
    elif style == 4:
        name = f"{studio} - {p1} - {R.choice(['Stepmom', 'Hardcore', 'MILF', 'Amateur Girls', 'Taboo'])} {R.choice(W2)} [{res}]"
    else:
        name = f"JAV {R.choice(['ABP', 'SSIS', 'IPX', 'MIDV'])}-{R.randint(100, 999)} {R.choice(W1)} Uncensored {res}"
    if "SiteRip" in name:
        files = [(f"{name}/{p1}_{i:03d}.mp4", sz(50 * MB, 900 * MB)) for i in range(R.randint(10, 40))] + [(f"{name}/Photos/{i:03d}.jpg", 2 * MB) for i in range(R.randint(10, 60))]
    else:
        files = [(f"{name}/{name}.mp4", sz(300 * MB, 6 * GB))]
        if R.random() < 0.3:
            files.append((f"{name}/cover.jpg", 400 * KB))
    yr = year_in(name.replace("[", " "))
    emit("xxx", name, files, res=resl, year=yr, source="DVD" if "DVDRip" in name else "-")

def xxx_pics():
    name = f"{R.choice(FIRST)} {R.choice(LAST)} Nude Photo Sets {R.randint(2015, 2025)} NSFW"
    files = [(f"{name}/Set {s}/{i:03d}.jpg", sz(1 * MB, 6 * MB)) for s in range(1, R.randint(3, 8)) for i in range(1, 30)]
    emit("xxx", name, files, year=int(name.split()[-2]))

# ------------------------------------------------------------------ other
def other():
    style = R.randint(0, 6)
    if style == 0:
        name = f"{R.choice([R.randint(100, 999), R.randint(2100, 5000)])} {R.choice(['4K', 'HD', 'Nature', 'Space', 'Minimal'])} Wallpapers Pack"
        files = [(f"{name}/{title(2)} {i}.jpg", sz(1 * MB, 12 * MB)) for i in range(R.randint(20, 80))]
    elif style == 1:
        name = f"{R.choice(['Ultimate', 'Designer', 'Premium'])} Fonts Collection {R.randint(500, 9000)} Fonts"
        files = [(f"{name}/{title(1)}-{R.choice(['Regular', 'Bold', 'Italic'])}.{R.choice(['ttf', 'otf'])}", sz(40 * KB, 900 * KB)) for _ in range(R.randint(20, 80))]
    elif style == 2:
        name = f"{title(2)} Dataset {R.choice(['CSV', 'JSON', 'Parquet'])} {R.randint(2019, 2025)}"
        ext = name.split()[-2].lower()
        files = [(f"{name}/part-{i:04d}.{ext}", sz(50 * MB, 2 * GB)) for i in range(R.randint(2, 20))]
    elif style == 3:
        name = f"{title(2)} Photo Archive {R.randint(1990, 2024)}"
        files = [(f"{name}/IMG_{R.randint(1000, 9999)}.JPG", sz(2 * MB, 9 * MB)) for _ in range(R.randint(30, 100))]
    elif style == 4:
        name = f"{title(2)} 3D Models and Textures Pack"
        files = [(f"{name}/{title(1)}.{R.choice(['blend', 'fbx', 'obj', 'png'])}", sz(2 * MB, 200 * MB)) for _ in range(R.randint(10, 40))]
    elif style == 5:
        name = f"{R.choice(['site', 'forum', 'wiki'])}-backup-{R.randint(2015, 2025)}-{R.randint(1, 12):02d}"
        files = [(f"{name}/{name}.{R.choice(['sql.gz', 'warc.gz', 'tar'])}", sz(500 * MB, 30 * GB))]
    else:
        name = f"{title(2)} Stock Photos Bundle"
        files = [(f"{name}/{i:04d}.jpg", sz(3 * MB, 15 * MB)) for i in range(R.randint(30, 90))]
    yr = year_in(name.replace("-", " "))
    emit("other", name, files, year=yr)

PLAN = [(movie, 80), (movie_collection, 14), (movie_dvd, 10), (movie_mislabelled, 14),
        (tv_episode, 75), (tv_season_pack, 40), (tv_multi_season, 24), (tv_complete_no_number, 10), (anime, 50), (tv_daily_or_docs, 8),
        (music_album, 60), (music_discography, 18), (music_ost, 14), (music_single_file_mix, 6),
        (audiobook, 45), (audiobook_series, 10),
        (ebook, 55), (ebook_collection, 15),
        (software, 45), (linux_iso, 15), (software_docs_pdf, 12), (android_apps, 8),
        (game, 60), (retro_roms, 10),
        (xxx, 40), (xxx_pics, 6),
        (other, 40)]
for fn, n in PLAN:
    for _ in range(n):
        fn()
R.shuffle(LABELS)
print("# type\tresolution\tseason\tepisode\tyear\tsource\tcodec\tname\tfiles (path*size|...)")
print("# Invented titles in real release-name shapes; '-' is 'the name does not say'; episode aN is absolute numbering.")
for l in LABELS:
    print(l)
