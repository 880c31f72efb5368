import { readFile, writeFile } from 'node:fs/promises';

/** The CA root at rest: its certificate in clear, its private key sealed with the platform secret key. */
export interface SealedCaRoot {
  cert_pem: string;
  key_sealed: string;
}

/** Where a local CA keeps its root between restarts (a file, a row of the host's store, a Kubernetes Secret). */
export interface CaRootStore {
  /** The stored root, or null before the first one is made. */
  load(): Promise<SealedCaRoot | null>;
  /**
   * Stores `root` unless a root is stored already, and returns the stored one: two controllers starting at once
   * then agree on one root instead of each issuing under its own.
   */
  saveIfAbsent(root: SealedCaRoot): Promise<SealedCaRoot>;
}

/** A root store that lives as long as the process (tests, throwaway dev setups). */
export function memoryCaRootStore(initial: SealedCaRoot | null = null): CaRootStore {
  let stored = initial;
  return {
    load: async () => stored,
    saveIfAbsent: async (root) => (stored ??= root),
  };
}

function parse(text: string, path: string): SealedCaRoot {
  const value = JSON.parse(text) as Partial<SealedCaRoot>;
  if (typeof value.cert_pem !== 'string' || typeof value.key_sealed !== 'string') throw new Error(`${path} does not hold a sealed CA root`);
  return { cert_pem: value.cert_pem, key_sealed: value.key_sealed };
}

/** A root store in one JSON file (mode 0600), created exclusively so racing processes keep the first root. */
export function fileCaRootStore(path: string): CaRootStore {
  const load = async (): Promise<SealedCaRoot | null> => {
    try {
      return parse(await readFile(path, 'utf8'), path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  };
  return {
    load,
    async saveIfAbsent(root) {
      try {
        await writeFile(path, `${JSON.stringify(root, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
        return root;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const stored = await load();
        if (!stored) throw new Error(`${path} vanished while saving the CA root`);
        return stored;
      }
    },
  };
}
