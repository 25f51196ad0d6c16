// WebRTC off: 'webrtc-polyfill' (a native module) resolves to empty exports, so WebTorrent loads
// without it and can only use TCP peers.
import { register } from 'node:module'

const stub = 'data:text/javascript,' + encodeURIComponent(
  'export const RTCPeerConnection = undefined, RTCSessionDescription = undefined, RTCIceCandidate = undefined')
register('data:text/javascript,' + encodeURIComponent(
  'export async function resolve (specifier, context, next) {' +
  ' if (specifier === "webrtc-polyfill") return { url: ' + JSON.stringify(stub) + ', shortCircuit: true };' +
  ' return next(specifier, context) }'))
