import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { err, ok, type Issue, type Result } from '@verilab/core';

/**
 * Episode tokens: what `POST /reset` returns as `episode_id`, so that HTTP episodes need no
 * server memory. A token is `v1.` + base64url(iv ‖ AES-256-GCM(payload) ‖ tag) (NIST SP
 * 800-38D), with the environment's name as additional authenticated data, so a token
 * is opaque (the episode's seed, from which anyone could simulate the ground truth, stays
 * hidden), cannot be forged or altered without the key, and cannot be replayed against another
 * environment. The 96-bit random IV doubles as the token's id for replay protection.
 *
 * Any process holding the same 32-byte key opens any token until it expires. A codec with an
 * `epoch` writes it into its tokens, so the vault can tell this process's tokens from those of
 * an earlier run (see episode-vault.ts).
 */
const VERSION = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';
/**
 * Longer strings are refused before any decryption. Multi-turn episodes carry their history
 * (PhysiX: up to 64 turns of equation, parameters and feedback, a few hundred kB at worst), so
 * the cap is the default request body limit rather than a few kB.
 */
const MAX_TOKEN_CHARS = 1024 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface SealedEpisode {
  readonly token: string;
  /** Unique per token (its IV), for the replay guard. */
  readonly id: string;
}

export interface OpenedEpisode {
  readonly id: string;
  /** Expiry, in seconds since the epoch. */
  readonly expiresAt: number;
  /** The epoch of the codec that sealed it (undefined: none). */
  readonly epoch: string | undefined;
  readonly episode: unknown;
}

/** Why a token does not open: `malformed` (unknown, altered, another key or environment) or `expired`. */
export interface TokenIssue extends Issue {
  readonly code: 'malformed' | 'expired';
}

export type OpenResult = Result<OpenedEpisode, TokenIssue>;

export interface TokenCodecOptions {
  readonly key: Uint8Array;
  readonly lifetimeSeconds: number;
  /** Seconds since the epoch (injected so tests can move time). */
  readonly now: () => number;
  /** Written into every token sealed (see OpenedEpisode.epoch). */
  readonly epoch?: string | undefined;
}

export class EpisodeTokenCodec {
  private readonly key: Buffer;
  readonly lifetimeSeconds: number;
  private readonly now: () => number;
  readonly epoch: string | undefined;

  constructor(options: TokenCodecOptions) {
    if (options.key.length !== 32) throw new Error(`token key must be 32 bytes, got ${options.key.length}`);
    this.key = Buffer.from(options.key);
    this.lifetimeSeconds = options.lifetimeSeconds;
    this.now = options.now;
    this.epoch = options.epoch;
  }

  seal(environment: string, episode: unknown): SealedEpisode {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(Buffer.from(environment, 'utf8'));
    const payload = JSON.stringify({ x: Math.floor(this.now()) + this.lifetimeSeconds, p: this.epoch, e: episode });
    const body = Buffer.concat([cipher.update(payload, 'utf8'), cipher.final()]);
    const token = VERSION + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    return { token, id: iv.toString('base64url') };
  }

  open(environment: string, token: string): OpenResult {
    const malformed = err<TokenIssue>([
      {
        code: 'malformed',
        path: [],
        message: `episode_id is not an episode token of environment "${environment}" issued with this server's key (unknown, altered, or from another key or environment)`,
      },
    ]);
    // Canonical base64url only: Node's decoder would skip padding and stray characters, giving one
    // token many spellings.
    if (!token.startsWith(VERSION) || token.length > MAX_TOKEN_CHARS || !BASE64URL.test(token.slice(VERSION.length))) return malformed;
    const raw = Buffer.from(token.slice(VERSION.length), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES + 1) return malformed;
    const iv = raw.subarray(0, IV_BYTES);
    let payload: unknown;
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, iv);
      decipher.setAAD(Buffer.from(environment, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
      payload = JSON.parse(text.toString('utf8'));
    } catch {
      return malformed;
    }
    const { x: expiresAt, p: epoch, e: episode } = payload as { x?: unknown; p?: unknown; e?: unknown };
    if (typeof expiresAt !== 'number' || (epoch !== undefined && typeof epoch !== 'string')) return malformed;
    if (this.now() >= expiresAt) {
      return err([
        {
          code: 'expired',
          path: [],
          message: `episode token expired at ${new Date(expiresAt * 1000).toISOString()} (tokens live ${this.lifetimeSeconds} s); call reset to start a new episode`,
        },
      ]);
    }
    return ok({ id: iv.toString('base64url'), expiresAt, epoch, episode });
  }
}

/** Reads a key given as 64 hex digits or as base64/base64url of 32 bytes. */
export function parseTokenKey(text: string): Uint8Array | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return undefined;
  const bytes = Buffer.from(trimmed, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

export function generateTokenKey(): Uint8Array {
  return randomBytes(32);
}
