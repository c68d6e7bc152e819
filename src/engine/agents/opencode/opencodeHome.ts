import fs from 'node:fs';
import path from 'node:path';
import { createPrivateConfigHome, homeOf } from '../privateConfigHome';

// opencode keeps its config in $XDG_CONFIG_HOME/opencode, its sign-ins in $XDG_DATA_HOME/opencode/auth.json
// (`opencode auth login`), its session database, cache and state beside them. Each run gets all of them
// fresh under one private folder, with only the sign-in file linked in from the user's.

export interface OpencodeHome {
  folder: string;
  linkedFiles: string[];
  /** HOME and the XDG folders pointing into the private folder. */
  variables: Record<string, string>;
  dispose(): void;
}

/** The user's opencode sign-in file, where opencode itself looks for it. */
export function opencodeAuthFile(env: NodeJS.ProcessEnv): string {
  const dataHome = env.XDG_DATA_HOME?.trim() ? env.XDG_DATA_HOME.trim() : path.join(homeOf(env), '.local', 'share');
  return path.join(dataHome, 'opencode', 'auth.json');
}

export function createOpencodeHome(env: NodeJS.ProcessEnv, parent?: string): OpencodeHome {
  const home = createPrivateConfigHome({ prefix: 'deep-review-opencode-', cli: 'opencode', links: {}, parent });
  try {
    const dataDir = path.join(home.folder, 'data', 'opencode');
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const linkedFiles: string[] = [];
    const auth = opencodeAuthFile(env);
    if (isFile(auth)) {
      fs.symlinkSync(auth, path.join(dataDir, 'auth.json'));
      linkedFiles.push(fs.realpathSync(auth));
    }
    const folder = (name: string): string => path.join(home.folder, name);
    return {
      folder: home.folder,
      linkedFiles,
      variables: { HOME: home.folder, XDG_CONFIG_HOME: folder('config'), XDG_DATA_HOME: folder('data'), XDG_CACHE_HOME: folder('cache'), XDG_STATE_HOME: folder('state') },
      dispose: () => {
        home.dispose();
      },
    };
  } catch (error) {
    home.dispose();
    throw error;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
