import { z } from 'zod';

// Import first in every bundle entry. Zod's JIT probes `navigator` (an error in VS Code's extension host)
// and compiles parsers with `new Function` (refused by the webview's Content Security Policy).
z.config({ jitless: true });
