// One WebTorrent (npm) leecher for Lodestone's interop tests: downloads a .torrent from exactly
// the given loopback peer (dialling it), no DHT, trackers, LSD, uTP or WebRTC, and prints
// {"ok": true, "seconds", "bytes"} or {"error": ...}. Hard time limit. Loopback only.
// Its peer-wire settings are WebTorrent's defaults: in 3.0 'secure' is 1, PE first with plaintext
// allowed inside the encrypted handshake; 'secure' as the last argument asks for it explicitly.
//   node --import ./no_webrtc.mjs wt_leech.mjs FILE.torrent SAVE_DIR HOST:PORT TIMEOUT_S [secure]
import fs from 'node:fs'
import WebTorrent from 'webtorrent'

const [torrentFile, save, peer, timeoutS, mode] = process.argv.slice(2)
const emit = (o) => { process.stdout.write(JSON.stringify(o) + '\n') }
if (!/^127\.\d+\.\d+\.\d+:\d+$/.test(peer || '')) {
  emit({ error: 'only a 127.0.0.0/8 peer is allowed: ' + peer })
  process.exit(2)
}
const opts = { dht: false, tracker: false, lsd: false, utp: false, webSeeds: false, natUpnp: false, natPmp: false }
if (mode === 'secure') opts.secure = true
const client = new WebTorrent(opts)
const t0 = Date.now()
const limit = setTimeout(() => {
  emit({ error: 'not complete within ' + timeoutS + ' s' })
  process.exit(3)
}, Number(timeoutS) * 1000)
client.on('error', (e) => { emit({ error: String(e) }); process.exit(1) })
client.add(new Uint8Array(fs.readFileSync(torrentFile)), { path: save }, (torrent) => {
  torrent.addPeer(peer)
  torrent.on('done', () => {
    clearTimeout(limit)
    emit({ ok: true, seconds: (Date.now() - t0) / 1000, bytes: torrent.downloaded, secure: mode === 'secure' })
    client.destroy(() => process.exit(0))
  })
})
