/**
 * The image every client of the uploads scenario sends: a photo-sized JPEG (1600×1200, what a chat app
 * typically sends after scaling a camera picture down) made once with sharp, of about the asked size.
 * Its content is a colour gradient with grain; the grain's strength is searched so the file comes out
 * just under the size, since a smooth picture would compress to a few kilobytes.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { largestWithin } from './uploads-figures.js';

const WIDTH = 1600;
const HEIGHT = 1200;
const QUALITY = 85;
/** Halvings of the grain search: within 1/256 of the strongest grain, a few kilobytes of the size. */
const SEARCH_STEPS = 8;

export interface UploadImage {
  width: number;
  height: number;
  bytes: number;
}

/** Writes the JPEG to `path`; at most `targetBytes` unless even the faintest grain is larger. */
export async function writeUploadImage(path: string, targetBytes: number): Promise<UploadImage> {
  const noise = randomBytes(WIDTH * HEIGHT * 3);
  const encode = (grain: number) =>
    sharp(pixels(noise, grain), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
      .jpeg({ quality: QUALITY })
      .toBuffer();
  const found = await largestWithin(targetBytes, 0, 255, SEARCH_STEPS, async (g) => (await encode(g)).length);
  const jpeg = await encode(found.x);
  writeFileSync(path, jpeg);
  return { width: WIDTH, height: HEIGHT, bytes: jpeg.length };
}

/** A red–green gradient over a mid blue, each channel moved by up to ±`grain` of noise. */
function pixels(noise: Buffer, grain: number): Buffer {
  const out = Buffer.alloc(WIDTH * HEIGHT * 3);
  const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);
  const shake = (i: number) => (((noise[i] as number) - 128) * grain) / 128;
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const i = (y * WIDTH + x) * 3;
      out[i] = clamp((x * 255) / WIDTH + shake(i));
      out[i + 1] = clamp((y * 255) / HEIGHT + shake(i + 1));
      out[i + 2] = clamp(128 + shake(i + 2));
    }
  }
  return out;
}
