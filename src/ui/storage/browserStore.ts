/**
 * The browser's own storage for what the user shapes: notebooks and saved segments in IndexedDB (a small key-value
 * store, no library needed for two calls), and — only when asked — the loaded file in the Origin Private File
 * System. Nothing here leaves the device; "Forget all data" clears both.
 */
import type { ColumnMapping } from '../../core/ingest/types';

const DB_NAME = 'segmentlab';
const STORE = 'kv';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = run(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

export async function loadValue(key: string): Promise<unknown> {
  try {
    return await withStore('readonly', (store) => store.get(key));
  } catch {
    return undefined; // Storage blocked (private mode, policy): the app works without it.
  }
}

export async function saveValue(key: string, value: unknown): Promise<void> {
  try {
    await withStore('readwrite', (store) => store.put(value, key));
  } catch {
    // Same as above: keeping work between visits is a convenience, never a reason to fail.
  }
}

const REMEMBERED_FILE = 'remembered-file';

/** How a file was read: the columns the user mapped and the day/month order they chose, if any. */
export interface FileReading {
  columns?: ColumnMapping;
  dateOrder?: 'DMY' | 'MDY';
  /** The worksheet of an Excel workbook the user chose. */
  sheet?: string;
}

/**
 * Keeps a copy of the user's file in the Origin Private File System (opt-in: "Remember this file"), with how it was
 * read: opened again on the next visit, it must not ask for its columns again nor turn its dates round.
 */
export async function rememberFile(file: File, reading: FileReading): Promise<void> {
  const root = await navigator.storage.getDirectory();
  const handle = await root.getFileHandle(REMEMBERED_FILE, { create: true });
  const writable = await handle.createWritable();
  await writable.write(file);
  await writable.close();
  await saveValue('remembered-file-name', file.name);
  await saveValue('remembered-file-size', file.size);
  await saveValue('remembered-file-reading', reading);
}

/**
 * A remembered file read again another way (its dates turned round) is read that way next time too. The file is
 * known by its name and size: another export that happens to share the name (orders.csv) leaves the reading alone.
 * A copy remembered before sizes were kept matches by name.
 */
export async function keepReadingIfRemembered(file: File, reading: FileReading): Promise<void> {
  if ((await loadValue('remembered-file-name')) !== file.name) return;
  const size = await loadValue('remembered-file-size');
  if (typeof size === 'number' && size !== file.size) return;
  await saveValue('remembered-file-reading', reading);
}

/** The remembered file and how it was read, if the user asked to keep one. */
export async function rememberedFile(): Promise<{ file: File; reading: FileReading } | null> {
  const name = await loadValue('remembered-file-name');
  if (typeof name !== 'string' || !navigator.storage?.getDirectory) return null;
  try {
    const root = await navigator.storage.getDirectory();
    const file = await (await root.getFileHandle(REMEMBERED_FILE)).getFile();
    const reading = await loadValue('remembered-file-reading');
    return {
      file: new File([file], name, { type: file.type }),
      reading: reading && typeof reading === 'object' ? (reading as FileReading) : {},
    };
  } catch {
    return null;
  }
}

/** Unticking "Remember this file": the copy goes, notebooks and segments stay. */
export async function forgetFile(): Promise<void> {
  await saveValue('remembered-file-name', null);
  await saveValue('remembered-file-size', null);
  await saveValue('remembered-file-reading', null);
  if (!navigator.storage?.getDirectory) return;
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(REMEMBERED_FILE).catch(() => undefined);
}

/** "Forget all data": the remembered file, notebooks, segments — everything this app stored on the device. */
export async function forgetAll(): Promise<void> {
  // The database first, and whatever happens to the file system after: notebooks and segments must go even where
  // the file system is refused.
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    request.onblocked = () => resolve();
  });
  if (!navigator.storage?.getDirectory) return;
  let root: FileSystemDirectoryHandle;
  try {
    root = await navigator.storage.getDirectory();
  } catch {
    // Refused (Firefox's private windows): then rememberFile could not have written there either.
    return;
  }
  for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) {
    await root.removeEntry(name, { recursive: true });
  }
}
