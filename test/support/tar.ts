import { gunzipSync } from 'node:zlib';

/** One member of a tar archive, with the header fields a reproducible package fixes. */
export interface TarMember {
  readonly name: string;
  /** `0` a file, `5` a directory. */
  readonly type: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtime: number;
  readonly data: Buffer;
}

const octal = (block: Buffer, start: number, length: number): number =>
  parseInt(
    block
      .subarray(start, start + length)
      .toString('ascii')
      .replace(/\0.*$/s, '')
      .trim() || '0',
    8,
  );

const text = (block: Buffer, start: number, length: number): string =>
  block
    .subarray(start, start + length)
    .toString('utf8')
    .replace(/\0.*$/s, '');

/**
 * Reads a gzipped tar (ustar or GNU, with GNU long names), enough to check what a package holds.
 *
 * @param gz - the archive's bytes
 * @returns its members in archive order
 */
export function readTarGz(gz: Buffer): TarMember[] {
  const tar = gunzipSync(gz);
  const members: TarMember[] = [];
  let longName: string | undefined;
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = text(header, 156, 1) || '0';
    const data = tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    const prefix = text(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = undefined;
    members.push({
      name,
      type,
      mode: octal(header, 100, 8),
      uid: octal(header, 108, 8),
      gid: octal(header, 116, 8),
      mtime: octal(header, 136, 12),
      data: Buffer.from(data),
    });
  }
  return members;
}

/**
 * @param members - a tar's members
 * @param name - a member's name
 * @returns that file's content as text
 * @throws Error when there is no such member
 */
export function memberText(members: readonly TarMember[], name: string): string {
  const member = members.find((m) => m.name === name);
  if (!member) throw new Error(`no ${name} in the archive (it has ${members.map((m) => m.name).join(', ')})`);
  return member.data.toString('utf8');
}
