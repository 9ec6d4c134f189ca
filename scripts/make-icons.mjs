#!/usr/bin/env node
// Draws the app icon and the tray's four state icons as PNG files (no image tools needed):
//   build/icon.png (512 px, electron-builder makes every platform's format from it)
//   resources/tray/<state>.png and <state>@2x.png (16 and 32 px) for idle, syncing, error, offline.
// Run again after changing a colour or a shape; the PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
};

/** paint(x, y) in unit coordinates (0..1) returns [r, g, b, a] with a in 0..1; 4x4 supersampled. */
function png(size, paint) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) {
          const [pr, pg, pb, pa] = paint((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size);
          r += pr * pa;
          g += pg * pa;
          b += pb * pa;
          a += pa;
        }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = a ? Math.round(r / a) : 0;
      raw[o + 1] = a ? Math.round(g / a) : 0;
      raw[o + 2] = a ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round((a / 16) * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6; // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
const WHITE = [255, 255, 255];
const NONE = [0, 0, 0, 0];
const dist = (x, y, cx, cy) => Math.hypot(x - cx, y - cy);

/** A water drop: a circle and the cone from its tip (2r above the centre) to the tangent points. */
const inDrop = (x, y, cx, cy, r) => {
  const tipY = cy - 2 * r;
  const inCone = y >= tipY && y <= tipY + 1.5 * r && Math.abs(x - cx) <= (y - tipY) * Math.tan(Math.PI / 6);
  return dist(x, y, cx, cy) <= r || inCone;
};

const GLYPHS = {
  idle: (x, y) => inDrop(x, y, 0.5, 0.6, 0.16),
  syncing: (x, y) => {
    const d = dist(x, y, 0.5, 0.5);
    return d >= 0.17 && d <= 0.27 && !(x > 0.5 && y < 0.5);
  },
  error: (x, y) => (Math.abs(x - 0.5) <= 0.065 && y >= 0.24 && y <= 0.6) || dist(x, y, 0.5, 0.73) <= 0.07,
  offline: (x, y) => Math.abs(y - 0.5) <= 0.07 && Math.abs(x - 0.5) <= 0.25,
};
const COLOURS = { idle: '#1565c0', syncing: '#2e7d32', error: '#c62828', offline: '#616161' };

const trayIcon = (state) => (x, y) => {
  if (dist(x, y, 0.5, 0.5) > 0.48) return NONE;
  return GLYPHS[state](x, y) ? [...WHITE, 1] : [...hex(COLOURS[state]), 1];
};

const appIcon = (x, y) => {
  // A rounded square in the brand blue with a white drop.
  const m = 0.06,
    rr = 0.2;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - m - rr), 0),
    qy = Math.max(Math.abs(y - 0.5) - (0.5 - m - rr), 0);
  if (Math.hypot(qx, qy) > rr) return NONE;
  return inDrop(x, y, 0.5, 0.6, 0.19) ? [...WHITE, 1] : [...hex('#1565c0'), 1];
};

mkdirSync('build', { recursive: true });
mkdirSync('resources/tray', { recursive: true });
writeFileSync('build/icon.png', png(512, appIcon));
for (const state of Object.keys(GLYPHS)) {
  writeFileSync(`resources/tray/${state}.png`, png(16, trayIcon(state)));
  writeFileSync(`resources/tray/${state}@2x.png`, png(32, trayIcon(state)));
}
console.log('Wrote build/icon.png and resources/tray/{idle,syncing,error,offline}{,@2x}.png');
