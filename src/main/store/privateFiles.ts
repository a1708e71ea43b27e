import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Everything under the data folder is the person's alone: cached tenants,
 * stored webhook bodies, logs, the installation id. Folders are 0700 and files
 * 0600, whatever the process umask says.
 *
 * Two layers, on purpose:
 * - each place that creates something under the data folder asks for these
 *   modes itself (below), so the core is right under plain Node (tests, the
 *   web preview) without relying on the host;
 * - the Electron main process and the preview CLI also set `umask 077` first
 *   thing (`restrictUmask`), which covers what we do not create ourselves:
 *   Chromium's own files in userData, and any file a future module forgets.
 *   umask is process-wide, which is what we want there; the core does not set
 *   it because it is a library that tests load into a shared process.
 */
export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** Creates the folder (and parents) as 0700, and tightens it if it already existed. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  chmodQuietly(dir, PRIVATE_DIR_MODE)
}

/**
 * Creates an empty file as 0600 before a library opens it (node:sqlite creates
 * its files with 0644 & ~umask), and tightens an existing one.
 */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE))
  chmodQuietly(file, PRIVATE_FILE_MODE)
}

/** Tightens a file that may or may not exist (SQLite's -wal and -shm). */
export function restrictIfPresent(file: string): void {
  chmodQuietly(file, PRIVATE_FILE_MODE)
}

/**
 * Fixes a data folder written by an older version (files 0644): every folder
 * below `root` becomes 0700 and every regular file 0600. Symlinks, sockets and
 * the like (Chromium keeps a SingletonLock link in userData) are left alone and
 * never followed.
 */
export function restrictTree(root: string): void {
  const walk = (dir: string) => {
    chmodQuietly(dir, PRIVATE_DIR_MODE)
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      return
    }
    for (const name of names) {
      const path = join(dir, name)
      let stat: ReturnType<typeof lstatSync>
      try {
        stat = lstatSync(path)
      } catch {
        continue
      }
      if (stat.isDirectory()) walk(path)
      else if (stat.isFile() && (stat.mode & 0o777) !== PRIVATE_FILE_MODE)
        chmodQuietly(path, PRIVATE_FILE_MODE)
    }
  }
  walk(root)
}

/** Process-wide: new files 0600, new folders 0700. For the app's entry points only (see above). */
export function restrictUmask(): void {
  try {
    process.umask(0o077)
  } catch {
    // Worker threads cannot change the umask; the explicit modes above still apply.
  }
}

function chmodQuietly(path: string, mode: number): void {
  try {
    chmodSync(path, mode)
  } catch {
    // Not ours to change (another owner) or gone: opening still works, and the
    // permission is only tightened where we can.
  }
}
