/**
 * The platform certificate (our minimal PCK-certificate analogue): issued at "manufacture" by the
 * emulated manufacturer root, it names the platform, its FMSPC and TCB level, and certifies the
 * platform's attestation public key. Fixed layout, little-endian integers:
 *
 *     0 version u16 (1)     2 platformId[16]    18 fmspc[6]     24 cpuSvn[16]    40 pceSvn u16
 *    42 attestPubKey[64]  106 notBefore u64   114 notAfter u64   (122 bytes signed)
 *   122 rootSignature[64] = P-256 r‖s by the root over LP("GL-EMU-SGX/platform-cert", bytes 0..122)
 */
import { FixedReader, FixedWriter, lengthPrefixed, utf8 } from "./encoding.js";

export const PLATFORM_CERT_VERSION = 1;
export const PLATFORM_CERT_TBS_SIZE = 122;
export const PLATFORM_CERT_SIZE = PLATFORM_CERT_TBS_SIZE + 64;

export interface PlatformCertBody {
  version: number;
  platformId: Uint8Array; // 16
  fmspc: Uint8Array; // 6: family-model-stepping-platform, the key into the TCB-info table
  cpuSvn: Uint8Array; // 16
  pceSvn: number;
  attestPubKey: Uint8Array; // 64, x‖y
  notBefore: number; // unix seconds
  notAfter: number;
}

export interface PlatformCert extends PlatformCertBody {
  rootSignature: Uint8Array; // 64
}

export function encodeCertBody(c: PlatformCertBody): Uint8Array {
  const w = new FixedWriter(PLATFORM_CERT_TBS_SIZE);
  w.u16(0, c.version);
  w.raw(2, 16, c.platformId);
  w.raw(18, 6, c.fmspc);
  w.raw(24, 16, c.cpuSvn);
  w.u16(40, c.pceSvn);
  w.raw(42, 64, c.attestPubKey);
  w.u64(106, c.notBefore);
  w.u64(114, c.notAfter);
  return w.bytes;
}

/** What the manufacturer root signs (domain-separated). */
export function certSigningMessage(body: PlatformCertBody): Uint8Array {
  return lengthPrefixed(utf8("GL-EMU-SGX/platform-cert"), encodeCertBody(body));
}

export function encodePlatformCert(c: PlatformCert): Uint8Array {
  const out = new Uint8Array(PLATFORM_CERT_SIZE);
  out.set(encodeCertBody(c), 0);
  if (c.rootSignature.length !== 64) throw new Error("root signature must be 64 bytes");
  out.set(c.rootSignature, PLATFORM_CERT_TBS_SIZE);
  return out;
}

export function decodePlatformCert(bytes: Uint8Array): PlatformCert {
  if (bytes.length !== PLATFORM_CERT_SIZE) throw new Error(`platform certificate is ${bytes.length} bytes, expected ${PLATFORM_CERT_SIZE}`);
  const r = new FixedReader(bytes);
  return {
    version: r.u16(0),
    platformId: r.raw(2, 16),
    fmspc: r.raw(18, 6),
    cpuSvn: r.raw(24, 16),
    pceSvn: r.u16(40),
    attestPubKey: r.raw(42, 64),
    notBefore: r.u64(106),
    notAfter: r.u64(114),
    rootSignature: r.raw(PLATFORM_CERT_TBS_SIZE, 64),
  };
}
